package cfn

import (
	"fmt"

	"go.yaml.in/yaml/v3"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Options are values the template cannot give by itself.
type Options struct {
	// Params overrides parameter defaults (--param Key=Value).
	Params map[string]string
	// Region and AccountID fill the pseudo parameters when given.
	Region    string
	AccountID string
}

// resource is one entry of the Resources section.
type resource struct {
	id    string
	typ   string
	loc   model.Location
	raw   *val
	props *val
	meta  *val
}

// Looks reports whether data seems to be a CloudFormation or SAM template,
// cheaply, before it is parsed: discovery calls it on every YAML and JSON
// file of a repository.
func Looks(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	s := string(head)
	if strings.Contains(s, "AWSTemplateFormatVersion") || strings.Contains(s, "AWS::Serverless") {
		return true
	}
	return strings.Contains(s, "Resources") && strings.Contains(s, "AWS::") && strings.Contains(s, "Type")
}

// Load reads one template. file is the path used in locations. The error is
// returned when the file cannot be read as a template at all; problems with
// parts of it are returned as Problems while the rest is loaded.
func Load(file string, data []byte, opts Options) (app *model.App, problems []finding.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			app, problems = nil, nil
			err = &ParseError{Loc: model.Location{File: file}, Msg: fmt.Sprintf("internal error while loading: %v", r)}
		}
	}()
	root, err := parse(file, data)
	if err != nil {
		return nil, nil, err
	}
	return loadRoot(file, root, opts)
}

// LoadNode loads a template given as a YAML node tree whose positions are
// those of file. Loaders of formats that compile to CloudFormation (the
// Serverless Framework) build such a tree, with each node placed where
// its source was written, and get CloudFormation's semantics from here.
func LoadNode(file string, doc *yaml.Node, opts Options) (app *model.App, problems []finding.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			app, problems = nil, nil
			err = &ParseError{Loc: model.Location{File: file}, Msg: fmt.Sprintf("internal error while loading: %v", r)}
		}
	}()
	root, err := fromNode(file, doc)
	if err != nil {
		return nil, nil, err
	}
	return loadRoot(file, root, opts)
}

func loadRoot(file string, root *val, opts Options) (*model.App, []finding.Problem, error) {
	if root.k != kMap {
		return nil, nil, &ParseError{Loc: root.loc, Msg: "a template is a mapping with a Resources section"}
	}
	resources := root.get("Resources")
	if resources == nil || resources.k != kMap {
		return nil, nil, &ParseError{Loc: root.loc, Msg: "no Resources mapping: not a CloudFormation template"}
	}
	b := newBuilder(file, root, opts)
	b.collect(resources)
	b.build()
	return b.app, b.problems, nil
}

func newBuilder(file string, root *val, opts Options) *builder {
	ev := &evaluator{
		params:    map[string]*val{},
		paramDefs: map[string]bool{},
		resources: map[string]string{},
		mappings:  root.get("Mappings"),
		condDefs:  root.get("Conditions"),
		conds:     map[string]int8{},
		evalConds: map[string]bool{},
		pseudo:    map[string]string{},
		names:     map[string]*val{},
		resolving: map[string]bool{},
	}
	if opts.Region != "" {
		ev.pseudo["AWS::Region"] = opts.Region
	}
	if opts.AccountID != "" {
		ev.pseudo["AWS::AccountId"] = opts.AccountID
	}
	b := &builder{
		ev:        ev,
		file:      file,
		root:      root,
		app:       &model.App{File: file, Format: "cloudformation", Provider: "aws"},
		byID:      map[string]*resource{},
		functions: map[string]*model.Function{},
		roles:     map[string]*model.Role{},
		apis:      map[string]*model.API{},
		stores:    map[string]*model.Store{},
	}
	if opts.Region != "" {
		b.app.Region = model.String{V: opts.Region, Origin: model.Explicit}
	}
	if isSAM(root.get("Transform")) {
		b.sam = true
		b.app.Format = "sam"
		b.globals = root.get("Globals")
	}
	b.parameters(root.get("Parameters"), opts.Params)
	return b
}

func isSAM(t *val) bool {
	for _, it := range t.items() {
		if it.k == kScalar && strings.HasPrefix(it.s, "AWS::Serverless") {
			return true
		}
	}
	return false
}

func (b *builder) parameters(defs *val, overrides map[string]string) {
	if defs == nil {
		return
	}
	for _, p := range defs.pairs {
		b.ev.paramDefs[p.key] = true
		param := &model.Parameter{Name: p.key, Loc: p.keyLoc, NoEcho: p.v.get("NoEcho").text() == "true"}
		var v *val
		if o, ok := overrides[p.key]; ok {
			v = scalar(o, model.Location{File: b.file})
		} else if d := p.v.get("Default"); d != nil && d.k != kNull {
			v = d
		}
		if v != nil {
			if typ := p.v.get("Type"); typ != nil && (typ.s == "CommaDelimitedList" || strings.HasPrefix(typ.s, "List<")) && v.k == kScalar {
				v = &val{k: kList, loc: v.loc, list: splitList(v)}
			}
			param.Default = v.str()
		}
		b.ev.params[p.key] = v
		b.app.Parameters = append(b.app.Parameters, param)
	}
}

func splitList(v *val) []*val {
	var out []*val
	for _, s := range strings.Split(v.s, ",") {
		out = append(out, scalar(strings.TrimSpace(s), v.loc))
	}
	return out
}

// collect records every resource that exists under the template's
// conditions.
func (b *builder) collect(resources *val) {
	for _, p := range resources.pairs {
		typ := p.v.get("Type")
		if p.v.k != kMap || typ == nil || typ.k != kScalar {
			b.problem(p.keyLoc, "resource %s has no Type", p.key)
			continue
		}
		b.ev.resources[p.key] = typ.s
		if prop, ok := nameProperty[typ.s]; ok {
			if n := p.v.path("Properties", prop); n != nil {
				b.ev.names[p.key] = n
			}
		}
	}
	for _, p := range resources.pairs {
		typ := p.v.get("Type")
		if typ == nil || typ.k != kScalar {
			continue
		}
		if c := p.v.get("Condition"); c != nil && c.k == kScalar && b.ev.named(c.s) == -1 {
			continue
		}
		r := &resource{id: p.key, typ: typ.s, loc: p.keyLoc, raw: p.v.get("Properties"), meta: p.v.get("Metadata")}
		if r.raw != nil && r.raw.k != kMap && r.raw.k != kNull {
			b.problem(r.raw.loc, "Properties of %s is not a mapping", p.key)
			r.raw = nil
		}
		b.res = append(b.res, r)
		b.byID[r.id] = r
	}
}

// problem records an input problem at loc.
func (b *builder) problem(loc model.Location, format string, args ...any) {
	if loc.File == "" {
		loc.File = b.file
	}
	b.problems = append(b.problems, finding.Problem{Loc: loc, Message: fmt.Sprintf(format, args...)})
}

// properties evaluates a resource's properties once.
func (b *builder) properties(r *resource) *val {
	if r.props == nil {
		raw := r.raw
		if b.sam {
			raw = b.withGlobals(r.typ, raw)
		}
		r.props = b.ev.eval(raw)
		if r.props == nil {
			r.props = &val{k: kMap, loc: r.loc}
		}
	}
	return r.props
}

// sortedIDs returns the keys of m in order, for deterministic output.
func sortedIDs[T any](m map[string]T) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
