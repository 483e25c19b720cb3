// Package zappa loads Zappa applications (zappa_settings.json, .yml, .yaml
// or .toml) into the provider-neutral model: each stage is one Lambda
// function serving the WSGI application behind a REST API proxy route,
// with the events, role and settings Zappa deploys it with.
package zappa

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// Looks reports whether a file name is a Zappa settings file.
func Looks(name string) bool {
	switch filepath.Base(name) {
	case "zappa_settings.json", "zappa_settings.yml", "zappa_settings.yaml", "zappa_settings.toml":
		return true
	}
	return false
}

// Zappa's defaults (zappa/cli.py).
const (
	defaultTimeout   = 30
	defaultMemory    = 512
	defaultKeepWarm  = "rate(4 minutes)"
	defaultRoleTail  = "ZappaLambdaExecutionRole"
	defaultEndpoint  = "EDGE"
	defaultHandler   = "handler.lambda_handler"
	maxExtendsChains = 10
)

// Load reads one settings file. file names the file in locations; dir is
// the project directory on disk, where attach_policy and apigateway_policy
// files are read from and whose name is the default project name.
func Load(file string, data []byte, dir string) (app *model.App, problems []finding.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			app, problems, err = nil, nil, fmt.Errorf("load %s: internal error while loading: %v", file, r)
		}
	}()
	root, problems, err := parseFile(file, data)
	if err != nil {
		return nil, problems, err
	}
	if root.k != kMap {
		return nil, problems, fmt.Errorf("load %s: settings must be a map of stage names to settings", file)
	}
	b := &builder{file: file, dir: dir, root: root, roles: map[string]*model.Role{}, problems: problems,
		app: &model.App{Name: slug(filepath.Base(dir)), File: file, Dir: filepath.ToSlash(filepath.Dir(file)), Format: "zappa", Provider: "aws"}}
	for i, name := range root.keys {
		st := root.vals[i]
		if st.k != kMap {
			b.problem(root.keyLocs[i], fmt.Sprintf("%q is not a stage: its value is not a map", name))
			continue
		}
		b.stage(name, root.keyLocs[i], b.merged(name, st, 0))
	}
	return b.app, b.problems, nil
}

type builder struct {
	file, dir string
	root      *node
	app       *model.App
	roles     map[string]*model.Role
	problems  []finding.Problem
	// named is set once a stage's project_name named the application.
	named bool
}

func (b *builder) problem(loc model.Location, msg string) {
	b.problems = append(b.problems, finding.Problem{Loc: loc, Message: msg})
}

// merged applies "extends": the stage's own settings override those of the
// stage it extends.
func (b *builder) merged(name string, st *node, depth int) *node {
	ext := st.get("extends")
	if ext == nil || !ext.scalar() {
		return st
	}
	parent := b.root.get(ext.s)
	if parent == nil || parent.k != kMap || depth >= maxExtendsChains || ext.s == name {
		b.problem(ext.loc, fmt.Sprintf("stage %q extends %q, which is not a stage here or forms a loop", name, ext.s))
		return st
	}
	base := b.merged(ext.s, parent, depth+1)
	out := &node{k: kMap, loc: st.loc}
	for i, k := range base.keys {
		out.set(k, base.keyLocs[i], base.vals[i])
	}
	for i, k := range st.keys {
		out.set(k, st.keyLocs[i], st.vals[i])
	}
	return out
}

func defStr(v string, loc model.Location) model.String {
	return model.String{V: v, Loc: loc, Origin: model.Defaulted}
}

// stage builds the function of one stage with its API, events and role.
func (b *builder) stage(name string, loc model.Location, st *node) {
	project := st.get("project_name").str()
	if project.V == "" {
		project = defStr(slug(filepath.Base(b.dir)), loc)
	}
	if project.Origin == model.Explicit && !b.named {
		b.app.Name, b.named = project.V, true
	}
	f := &model.Function{ID: name, Loc: loc, Name: defStr(slug(project.V+"-"+name), loc),
		Code: defStr(".", loc), PackageType: defStr("Zip", loc)}
	f.Handler = b.handler(name, loc, st)
	f.Runtime = st.get("runtime").str()
	if f.Runtime.V == "" {
		// Zappa deploys with the runtime of the Python that runs it.
		f.Runtime = model.String{Loc: loc, Origin: model.Unresolved, Symbol: "the Python 3 version that runs zappa deploy"}
	}
	f.Timeout = b.intOr(st, "timeout_seconds", defaultTimeout, loc)
	f.Memory = b.intOr(st, "memory_size", defaultMemory, loc)
	f.Region = st.get("aws_region").str()
	if b.app.Region.V == "" {
		b.app.Region = f.Region
	}
	for _, key := range []string{"aws_environment_variables", "environment_variables"} {
		f.Env = append(f.Env, env(st.get(key))...)
	}
	f.Layers = st.get("layers").strs()
	f.Architectures = st.get("architecture").strs()
	f.DeadLetter = st.get("dead_letter_arn").str()
	if c, ok := st.get("lambda_concurrency").integer(); ok {
		f.ReservedConcurrency = c
	}
	if x, ok := st.get("xray_tracing").boolean(); ok {
		f.Tracing = model.String{V: "PassThrough", Loc: x.Loc, Origin: model.Explicit}
		if x.V {
			f.Tracing.V = "Active"
		}
	}
	if v := st.get("vpc_config"); v != nil && v.k == kMap {
		f.VPC = &model.VPC{Loc: v.loc, SubnetIDs: v.get("SubnetIds").strs(), SecurityGroups: v.get("SecurityGroupIds").strs()}
	}
	f.Role, f.RoleRef = b.role(name, project.V, loc, st)
	b.app.Functions = append(b.app.Functions, f)
	b.api(name, loc, st, f)
	b.url(st, f)
	b.events(name, loc, st, f)
}

// handler is the entry point of the user's code: app_function (the WSGI
// application Zappa's own handler serves) or lambda_handler.
func (b *builder) handler(name string, loc model.Location, st *node) model.String {
	if h := st.get("lambda_handler").str(); h.V != "" {
		return h
	}
	if h := st.get("app_function").str(); h.V != "" {
		return h
	}
	if d := st.get("django_settings").str(); d.V != "" {
		return model.String{V: defaultHandler, Loc: d.Loc, Origin: model.Defaulted, Symbol: "Django settings " + d.V}
	}
	b.problem(loc, fmt.Sprintf("stage %q has neither app_function, lambda_handler nor django_settings", name))
	return model.String{}
}

func (b *builder) intOr(st *node, key string, def int, loc model.Location) model.Int {
	n := st.get(key)
	if v, ok := n.integer(); ok {
		return v
	}
	if n != nil {
		b.problem(n.loc, fmt.Sprintf("%s is not a number", key))
	}
	return model.Int{V: def, Loc: loc, Origin: model.Defaulted}
}

func env(n *node) []model.EnvVar {
	if n == nil || n.k != kMap {
		return nil
	}
	out := make([]model.EnvVar, 0, len(n.keys))
	for i, k := range n.keys {
		out = append(out, model.EnvVar{Name: model.Str(k, n.keyLocs[i]), Value: n.vals[i].str()})
	}
	return out
}

// role returns the execution role: a named ARN, or the role Zappa
// manages (with its broad default policy unless attach_policy replaces
// it), or a role Zappa is told exists.
func (b *builder) role(stage, project string, loc model.Location, st *node) (*model.Role, model.String) {
	if arn := st.get("role_arn").str(); arn.V != "" {
		return b.known(arn.V, &model.Role{ID: arn.V, Name: model.String{V: arnName(arn.V), Loc: arn.Loc, Origin: model.Explicit},
			ARN: arn, Loc: arn.Loc, External: true}), arn
	}
	name := st.get("role_name").str()
	if name.V == "" {
		name = defStr(project+"-"+stage+"-"+defaultRoleTail, loc)
	}
	manage := true
	mloc := name.Loc
	if m, ok := st.get("manage_roles").boolean(); ok {
		manage, mloc = m.V, m.Loc
	}
	if r := b.roles[name.V]; r != nil {
		return r, name
	}
	r := &model.Role{ID: name.V, Name: name, Loc: mloc}
	if !manage {
		r.External = true
		return b.known(name.V, r), name
	}
	r.Implicit = true
	r.Statements = defaultStatements(mloc)
	if ap := st.get("attach_policy").str(); ap.V != "" {
		if doc := b.policyFile(ap); doc != nil {
			r.Statements = statements(doc, "attach_policy "+ap.V)
		}
	}
	r.Trust = trustStatements(mloc)
	if ap := st.get("assume_policy").str(); ap.V != "" {
		if doc := b.policyFile(ap); doc != nil {
			r.Trust = statements(doc, "assume_policy "+ap.V)
		}
	}
	r.Statements = append(r.Statements, statements(st.get("extra_permissions"), "extra_permissions")...)
	return b.known(name.V, r), name
}

func (b *builder) known(key string, r *model.Role) *model.Role {
	if old := b.roles[key]; old != nil {
		return old
	}
	b.roles[key] = r
	b.app.Roles = append(b.app.Roles, r)
	return r
}

// policyFile reads a JSON policy document named by the settings, relative
// to the project directory.
func (b *builder) policyFile(name model.String) *node {
	if filepath.IsAbs(name.V) || strings.Contains(filepath.ToSlash(name.V), "../") {
		b.problem(name.Loc, fmt.Sprintf("policy file %q is outside the project: not read", name.V))
		return nil
	}
	data, err := os.ReadFile(filepath.Join(b.dir, name.V))
	if err != nil {
		b.problem(name.Loc, fmt.Sprintf("policy file %q could not be read: %v", name.V, err))
		return nil
	}
	rel := filepath.ToSlash(filepath.Join(filepath.Dir(b.file), name.V))
	if !strings.HasSuffix(rel, ".json") {
		rel += ".json"
	}
	doc, probs, err := parseFile(rel, data)
	b.problems = append(b.problems, probs...)
	if err != nil {
		b.problem(name.Loc, err.Error())
		return nil
	}
	return doc
}

var arnRole = regexp.MustCompile(`:role/(?:.*/)?([^/]+)$`)

func arnName(arn string) string {
	if m := arnRole.FindStringSubmatch(arn); m != nil {
		return m[1]
	}
	return arn
}

// slug mimics python-slugify, which Zappa applies to the function name.
func slug(s string) string {
	var out []byte
	dash := false
	for _, c := range []byte(strings.ToLower(s)) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && len(out) > 0 {
				out = append(out, '-')
			}
			out, dash = append(out, c), false
			continue
		}
		dash = true
	}
	return string(out)
}
