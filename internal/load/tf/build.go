package tf

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// builder turns a module's resources into the model.
type builder struct {
	m   *module
	app *model.App

	// Model objects by resource address (the first instance's) and by
	// instance address.
	functions map[string]*model.Function
	roles     map[string]*model.Role
	policies  map[string]*model.Policy
	apis      map[string]*model.API
	stores    map[string]*model.Store
	extRoles  map[string]*model.Role
	funcIDs   map[string]bool
	// wafTargets are the references of WAF associations, resolved once
	// APIs and stages exist.
	wafTargets []model.String
	// later are links to functions found before functions were built
	// (API quick-create targets, OpenAPI integrations).
	later []func()
	// depth bounds policy documents read through other documents.
	depth int
	// quietJSON is set while reading API bodies, which may be YAML.
	quietJSON bool
	// easyAuth holds the Azure function apps whose App Service
	// authentication rejects anonymous requests.
	easyAuth map[*model.Function]bool
}

// handler builds the model for one resource type. Handlers run in phases
// so that what a later handler refers to already exists.
type handler struct {
	phase int
	fn    func(*builder, *instance, blk)
}

const (
	phaseIdentity = iota
	phaseStore
	phaseFunction
	phaseAttach
	phaseRoute
	phaseCount
)

func (m *module) build(files []string) *model.App {
	app := &model.App{Format: "terraform", Provider: "aws", Region: m.region}
	app.File = rel(m.root, files[0])
	for _, f := range files {
		if filepath.Base(f) == "main.tf" {
			app.File = rel(m.root, f)
		}
	}
	app.Dir = rel(m.root, filepath.Dir(files[0]))
	if app.Dir == "" {
		app.Dir = "."
	}
	app.Name = filepath.Base(filepath.Clean(filepath.Dir(files[0])))
	b := &builder{m: m, app: app,
		functions: map[string]*model.Function{}, roles: map[string]*model.Role{},
		policies: map[string]*model.Policy{}, apis: map[string]*model.API{},
		stores: map[string]*model.Store{}, extRoles: map[string]*model.Role{}, funcIDs: map[string]bool{},
		easyAuth: map[*model.Function]bool{},
	}
	b.parameters()
	for phase := 0; phase < phaseCount; phase++ {
		for _, r := range m.resources {
			h, ok := b.handler(r)
			if !ok || h.phase != phase {
				continue
			}
			for _, in := range m.expand(r) {
				h.fn(b, in, r.blk(m, in))
			}
		}
		if phase == phaseFunction {
			b.moduleCalls()
			for _, fn := range b.later {
				fn()
			}
		}
	}
	for _, r := range m.resources {
		if r.mode != "resource" {
			continue
		}
		for _, in := range m.expand(r) {
			app.Resources = append(app.Resources, &model.Resource{ID: in.id(), Type: r.typ, Loc: r.loc, Region: m.region})
		}
	}
	b.linkRoles()
	b.finishAPIs()
	b.provider()
	return app
}

func (b *builder) handler(r *resource) (handler, bool) {
	if r.mode == "data" {
		return handler{}, false
	}
	h, ok := awsHandlers[r.typ]
	if !ok {
		h, ok = otherHandlers[r.typ]
	}
	return h, ok
}

// provider sets the application's provider from the functions it holds.
func (b *builder) provider() {
	for _, r := range b.m.resources {
		switch {
		case strings.HasPrefix(r.typ, "azurerm_") && strings.Contains(r.typ, "function_app"):
			b.app.Provider = "azure"
			return
		case strings.HasPrefix(r.typ, "google_cloudfunctions"):
			b.app.Provider = "gcp"
			return
		}
	}
}

// parameters records variables with the value each resolved to when the
// configuration itself holds it: a .tfvars file's value, else the
// default. Values given on the command line are not the configuration's.
func (b *builder) parameters() {
	for _, name := range b.m.varNames {
		v := b.m.variables[name]
		p := &model.Parameter{Name: name, Loc: v.loc, NoEcho: v.sensitive}
		switch {
		case v.inFile:
			p.Default = strVal(v.value, v.valLoc, "")
		case v.def != nil:
			p.Default = strVal(b.m.eval(v.def, nil), locOf(v.def.Range()), "")
		}
		b.app.Parameters = append(b.app.Parameters, p)
	}
}

// functionID gives a function its model ID: the resource name, unless two
// functions share it, then the full address.
func (b *builder) functionID(in *instance) string {
	id := in.r.name + in.key
	if b.funcIDs[id] {
		id = in.id()
	}
	b.funcIDs[id] = true
	return id
}

func (b *builder) addFunction(in *instance, f *model.Function) {
	b.app.Functions = append(b.app.Functions, f)
	b.functions[in.id()] = f
	if _, ok := b.functions[in.r.addr]; !ok {
		b.functions[in.r.addr] = f
	}
}

// function finds the function a value refers to: by reference, by name or
// by ARN.
func (b *builder) function(ref model.String) *model.Function {
	if f, ok := b.functions[ref.RefTarget]; ok {
		return f
	}
	name := ref.V
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
		name, _, _ = strings.Cut(name, ":")
	}
	if name == "" {
		return nil
	}
	for _, f := range b.app.Functions {
		if f.Name.V == name {
			return f
		}
	}
	return nil
}

// roleFor resolves how a function names its role: a reference to a role of
// the module, or a name or ARN, which gives one shared external role per
// distinct name.
func (b *builder) roleFor(ref model.String) *model.Role {
	if r, ok := b.roles[ref.RefTarget]; ok {
		return r
	}
	name := roleName(ref.V)
	if name == "" {
		return nil
	}
	for _, r := range b.app.Roles {
		if !r.External && r.Name.V == name {
			return r
		}
	}
	if r, ok := b.extRoles[name]; ok {
		return r
	}
	r := &model.Role{ID: name, Name: model.String{V: name, Loc: ref.Loc, Origin: ref.Origin}, ARN: ref, Loc: ref.Loc, External: true}
	b.extRoles[name] = r
	b.app.Roles = append(b.app.Roles, r)
	return r
}

// roleName extracts the role name from an ARN or returns a plain name.
func roleName(s string) string {
	if i := strings.Index(s, ":role/"); i >= 0 {
		s = s[i+len(":role/"):]
		if j := strings.LastIndexByte(s, '/'); j >= 0 {
			s = s[j+1:]
		}
	}
	return s
}

func (b *builder) linkRoles() {
	for _, f := range b.app.Functions {
		if f.Role == nil && (f.RoleRef.V != "" || f.RoleRef.RefTarget != "") {
			f.Role = b.roleFor(f.RoleRef)
		}
	}
}

// addTrigger connects an event source to a function.
func (b *builder) addTrigger(f *model.Function, t *model.Trigger) {
	t.Function = f
	t.FunctionID = f.ID
	f.Triggers = append(f.Triggers, t)
	b.app.Triggers = append(b.app.Triggers, t)
}

// store finds the store a value refers to, by reference or name.
func (b *builder) store(ref model.String) *model.Store {
	if s, ok := b.stores[ref.RefTarget]; ok {
		return s
	}
	if ref.V == "" {
		return nil
	}
	for _, s := range b.app.Stores {
		if s.Name.V == ref.V {
			return s
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
