package iam

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The classes of risk, after Cloudsplaining's.
const (
	PrivilegeEscalation        = "privilege-escalation"
	DataExfiltration           = "data-exfiltration"
	ResourceExposure           = "resource-exposure"
	CredentialsExposure        = "credentials-exposure"
	InfrastructureModification = "infrastructure-modification"
)

// Risk is one entry of the risk tables (risks.yaml).
type Risk struct {
	ID          string
	Class       string
	Name        string
	Description string
	// Actions are action names or patterns. All of them must be granted,
	// unless Any is set, in which case one suffices.
	Actions []string
	Any     bool
	// Levels, when set instead of Actions, makes any action of these access
	// levels enough, except the actions matching Exclude.
	Levels  []AccessLevel
	Exclude []string
	// References are URLs.
	References []string
}

// RiskHit is a risk that a set of grants enables.
type RiskHit struct {
	Risk Risk
	// Grants are the grants that enable it, in the order of Effective.
	Grants []Grant
	// Conditional is true when some needed action is granted only under a
	// condition.
	Conditional bool
}

//go:embed risks.yaml
var risksYAML []byte

type riskFile struct {
	References map[string]string `yaml:"references"`
	Risks      []struct {
		ID          string        `yaml:"id"`
		Class       string        `yaml:"class"`
		Name        string        `yaml:"name"`
		Description string        `yaml:"description"`
		Actions     []string      `yaml:"actions"`
		Any         bool          `yaml:"any"`
		Levels      []AccessLevel `yaml:"levels"`
		Exclude     []string      `yaml:"exclude"`
		References  []string      `yaml:"references"`
	} `yaml:"risks"`
}

type compiledRisk struct {
	Risk
	steps   []actionSet
	levels  map[AccessLevel]bool
	exclude actionSet
}

var (
	riskOnce  sync.Once
	riskTable []compiledRisk
	riskErr   error
	passRole  int32 = -1
)

func risks() []compiledRisk {
	riskOnce.Do(func() {
		riskTable, riskErr = parseRisks(risksYAML)
		if i, ok := actionIndex("iam:PassRole"); ok {
			passRole = i
		}
	})
	if riskErr != nil {
		panic(riskErr) // the embedded table is checked by tests
	}
	return riskTable
}

var (
	riskActionsOnce sync.Once
	riskActionSet   actionSet
	riskLevelSet    map[AccessLevel]bool
)

// riskActions returns the union of the actions the action-based risks name
// and of the levels the level-based ones name: grants of other actions and
// levels cannot hit any risk.
func riskActions() (actionSet, map[AccessLevel]bool) {
	riskActionsOnce.Do(func() {
		riskActionSet = newActionSet()
		riskLevelSet = map[AccessLevel]bool{}
		for _, r := range risks() {
			for _, st := range r.steps {
				riskActionSet.union(st)
			}
			for l := range r.levels {
				riskLevelSet[l] = true
			}
		}
	})
	return riskActionSet, riskLevelSet
}

var riskClasses = []string{PrivilegeEscalation, DataExfiltration, ResourceExposure, CredentialsExposure, InfrastructureModification}

func parseRisks(b []byte) ([]compiledRisk, error) {
	var f riskFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("parse risk table: %w", err)
	}
	out := make([]compiledRisk, 0, len(f.Risks))
	seen := map[string]bool{}
	for _, r := range f.Risks {
		if r.ID == "" || seen[r.ID] {
			return nil, fmt.Errorf("parse risk table: missing or duplicate id %q", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(riskClasses, r.Class) {
			return nil, fmt.Errorf("parse risk table: risk %s: unknown class %q", r.ID, r.Class)
		}
		if (len(r.Actions) == 0) == (len(r.Levels) == 0) {
			return nil, fmt.Errorf("parse risk table: risk %s: needs either actions or levels", r.ID)
		}
		cr := compiledRisk{Risk: Risk{ID: r.ID, Class: r.Class, Name: r.Name, Description: r.Description,
			Actions: r.Actions, Any: r.Any, Levels: r.Levels, Exclude: r.Exclude}}
		for _, ref := range r.References {
			if url, ok := f.References[ref]; ok {
				ref = url
			} else if !strings.HasPrefix(ref, "https://") {
				return nil, fmt.Errorf("parse risk table: risk %s: unknown reference %q", r.ID, ref)
			}
			cr.References = append(cr.References, ref)
		}
		for _, a := range r.Actions {
			cr.steps = append(cr.steps, expandSet(a))
		}
		if len(r.Exclude) > 0 {
			cr.exclude = patternsSet(r.Exclude)
		}
		if len(r.Levels) > 0 {
			cr.levels = map[AccessLevel]bool{}
			for _, l := range r.Levels {
				cr.levels[l] = true
			}
		}
		out = append(out, cr)
	}
	return out, nil
}

// RiskTable returns every entry of the risk tables, in file order.
func RiskTable() []Risk {
	rs := risks()
	out := make([]Risk, len(rs))
	for i, r := range rs {
		out[i] = r.Risk
	}
	return out
}

// Risks returns the risks the grants enable, in table order. An action
// counts when it is granted on all resources (Grant.AllResources, though a
// grant on everything but a few resources a Deny carves out still counts),
// except iam:PassRole, which counts on any resource. A risk with several actions
// is hit only when every one of them is granted (or one, for risks marked
// Any; any action of the listed access levels for risks with Levels).
func Risks(grants []Grant) []RiskHit {
	table := risks()
	relevant, levels := riskActions()
	byAction := map[int32][]int{}
	var broad []int // grants on all resources, for level-based risks
	for i := range grants {
		a, ok := grants[i].index()
		if !ok {
			continue
		}
		if !relevant.has(a) && !levels[grants[i].Action.Level] {
			continue
		}
		all := grants[i].resourceAll()
		if relevant.has(a) && (a == passRole || all) {
			byAction[a] = append(byAction[a], i)
		}
		if all {
			broad = append(broad, i)
		}
	}
	var hits []RiskHit
	for i := range table {
		r := &table[i]
		var hit RiskHit
		var ok bool
		if r.levels != nil {
			hit, ok = levelHit(r, grants, broad)
		} else {
			hit, ok = actionHit(r, grants, byAction)
		}
		if ok {
			hits = append(hits, hit)
		}
	}
	return hits
}

func actionHit(r *compiledRisk, grants []Grant, byAction map[int32][]int) (RiskHit, bool) {
	hit := RiskHit{Risk: r.Risk}
	var idx []int
	anyUncond := false
	for _, step := range r.steps {
		var found []int
		step.each(func(a int32) { found = append(found, byAction[a]...) })
		uncond := slices.ContainsFunc(found, func(i int) bool { return !grants[i].Conditional })
		switch {
		case len(found) == 0 && !r.Any:
			return hit, false
		case len(found) == 0:
			continue
		}
		idx = append(idx, found...)
		anyUncond = anyUncond || uncond
		if !r.Any && !uncond {
			hit.Conditional = true
		}
	}
	if len(idx) == 0 {
		return hit, false
	}
	if r.Any {
		hit.Conditional = !anyUncond
	}
	slices.Sort(idx)
	for _, i := range slices.Compact(idx) {
		hit.Grants = append(hit.Grants, grants[i])
	}
	return hit, true
}

func levelHit(r *compiledRisk, grants []Grant, broad []int) (RiskHit, bool) {
	counts := func(i int) bool {
		a, _ := grants[i].index()
		return r.levels[grants[i].Action.Level] && (r.exclude == nil || !r.exclude.has(a))
	}
	n := 0
	for _, i := range broad {
		if counts(i) {
			n++
		}
	}
	if n == 0 {
		return RiskHit{}, false
	}
	hit := RiskHit{Risk: r.Risk, Conditional: true, Grants: make([]Grant, 0, n)}
	for _, i := range broad {
		if counts(i) {
			hit.Grants = append(hit.Grants, grants[i])
			hit.Conditional = hit.Conditional && grants[i].Conditional
		}
	}
	return hit, true
}

// Actions returns the distinct actions of the hit's grants, sorted, for
// messages ("iam:PassRole, lambda:CreateFunction").
func (h RiskHit) Actions() []string {
	out := make([]string, 0, len(h.Grants))
	for _, g := range h.Grants {
		out = append(out, g.Action.String())
	}
	slices.Sort(out)
	return slices.Compact(out)
}
