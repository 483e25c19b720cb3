package tf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// LooksLikePlan reports whether data is the JSON output of `terraform show
// -json` for a plan or a state.
func LooksLikePlan(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimSpace(head)
	return len(head) > 0 && head[0] == '{' && bytes.Contains(head, []byte(`"format_version"`)) &&
		(bytes.Contains(data, []byte(`"planned_values"`)) || bytes.Contains(data, []byte(`"root_module"`)))
}

type planJSON struct {
	PlannedValues *planValues `json:"planned_values"`
	Values        *planValues `json:"values"`
	Configuration struct {
		RootModule planConfigModule `json:"root_module"`
	} `json:"configuration"`
}

type planValues struct {
	RootModule planModule `json:"root_module"`
}

type planModule struct {
	Resources    []planResource `json:"resources"`
	ChildModules []planModule   `json:"child_modules"`
}

type planResource struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Index   json.RawMessage `json:"index"`
	Values  json.RawMessage `json:"values"`
}

type planConfigModule struct {
	Resources []struct {
		Address     string                     `json:"address"`
		Expressions map[string]json.RawMessage `json:"expressions"`
	} `json:"resources"`
}

// LoadPlan loads `terraform show -json` output (of a plan or of a state).
// Values there are exact; attributes known only after apply are linked to
// the resources they refer to through the configuration's references.
func LoadPlan(file string, data []byte) (*model.App, []finding.Problem, error) {
	var plan planJSON
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", file, err)
	}
	vals := plan.PlannedValues
	if vals == nil {
		vals = plan.Values
	}
	if vals == nil {
		return nil, nil, fmt.Errorf("load %s: no planned_values or values: not a Terraform plan or state", file)
	}
	m := newModule(".", ".")
	refs := configRefs(plan.Configuration.RootModule)
	m.addPlanModule(file, data, vals.RootModule, refs, 0)
	m.varsObj = cty.EmptyObjectVal
	app := m.build([]string{file})
	app.Dir = "."
	return app, m.problems, nil
}

func (m *module) addPlanModule(file string, data []byte, pm planModule, refs map[string]map[string]ref, depth int) {
	if depth > maxDepth {
		return
	}
	for _, pr := range pm.Resources {
		m.addPlanResource(file, data, pr, refs)
	}
	for _, c := range pm.ChildModules {
		m.addPlanModule(file, data, c, refs, depth+1)
	}
}

func (m *module) addPlanResource(file string, data []byte, pr planResource, refs map[string]map[string]ref) {
	loc := model.Location{File: file}
	if off := bytes.Index(data, []byte(strconv.Quote(pr.Address))); off >= 0 {
		loc.Line = 1 + bytes.Count(data[:off], []byte("\n"))
		loc.Column = off - bytes.LastIndexByte(data[:off], '\n')
	}
	obj := cty.EmptyObjectVal
	if len(pr.Values) > 0 {
		ty, err := ctyjson.ImpliedType(pr.Values)
		if err == nil {
			if v, err := ctyjson.Unmarshal(pr.Values, ty); err == nil {
				obj = v
			}
		}
	}
	base, key := splitIndex(pr.Address)
	obj = withRefs(obj, refs[configAddr(base)])
	r := &resource{mode: pr.Mode, typ: pr.Type, name: pr.Name, addr: base, loc: loc, obj: obj, state: 0}
	if r.mode != "data" {
		r.mode = "resource"
	}
	r.instances = []*instance{{r: r, key: key}}
	if _, dup := m.byAddr[base]; !dup {
		m.byAddr[base] = r
	}
	m.resources = append(m.resources, r)
	m.types[r.typ] = true
}

// withRefs adds the attributes a plan leaves out because they are known
// only after apply, as unknown values marked with what they refer to.
func withRefs(obj cty.Value, refs map[string]ref) cty.Value {
	if len(refs) == 0 || !obj.Type().IsObjectType() {
		return obj
	}
	attrs := obj.AsValueMap()
	if attrs == nil {
		attrs = map[string]cty.Value{}
	}
	for name, r := range refs {
		if v, ok := attrs[name]; ok && !v.IsNull() {
			continue
		}
		attrs[name] = cty.UnknownVal(cty.String).Mark(r)
	}
	return cty.ObjectVal(attrs)
}

// splitIndex splits aws_x.y[0] into aws_x.y and [0].
func splitIndex(addr string) (string, string) {
	if strings.HasSuffix(addr, "]") {
		if i := strings.LastIndexByte(addr, '['); i > 0 {
			return addr[:i], addr[i:]
		}
	}
	return addr, ""
}

// configAddr drops module instance keys so that a planned address matches
// the configuration's.
func configAddr(addr string) string {
	var out strings.Builder
	depth := 0
	for _, c := range addr {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			out.WriteRune(c)
		}
	}
	return out.String()
}

// configRefs reads, for each resource of the configuration, the resource
// each top-level attribute refers to.
func configRefs(cm planConfigModule) map[string]map[string]ref {
	out := map[string]map[string]ref{}
	for _, r := range cm.Resources {
		for attr, raw := range r.Expressions {
			var e struct {
				References []string `json:"references"`
			}
			if json.Unmarshal(raw, &e) != nil {
				continue
			}
			for _, s := range e.References {
				parts := strings.Split(s, ".")
				n := 2
				if parts[0] == "data" {
					n = 3
				}
				if len(parts) <= n || parts[0] == "var" || parts[0] == "local" {
					continue
				}
				if out[r.Address] == nil {
					out[r.Address] = map[string]ref{}
				}
				out[r.Address][attr] = ref{Addr: configAddr(strings.Join(parts[:n], ".")), Attr: configAddr(parts[n])}
				break
			}
		}
	}
	return out
}
