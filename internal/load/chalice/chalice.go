// Package chalice loads AWS Chalice projects into the provider-neutral
// model. It reads app.py's syntax tree for the Chalice application and its
// decorators (routes served by one API handler function; events, schedules,
// websockets and pure Lambda functions each their own function) and
// .chalice/config.json for the settings Chalice deploys them with.
package chalice

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// MaxFileSize bounds app.py and the configuration files read.
const MaxFileSize = 4 << 20

// Chalice's defaults (chalice/config.py).
const (
	defaultTimeout  = 60
	defaultMemory   = 128
	defaultEndpoint = "EDGE"
	defaultAPIStage = "api"
	apiHandlerID    = "APIHandler"
	apiHandlerName  = "api_handler"
)

// Looks reports whether app.py creates a Chalice application.
func Looks(appPy []byte) bool {
	return bytes.Contains(appPy, []byte("Chalice(")) &&
		(bytes.Contains(appPy, []byte("from chalice")) || bytes.Contains(appPy, []byte("import chalice")))
}

// Load reads the Chalice project in root/rel: app.py, .chalice/config.json
// (or config-sample.json) and the policy files the configuration names.
// Locations are relative to root.
func Load(root, rel string) (app *model.App, problems []finding.Problem, err error) {
	file := filepath.ToSlash(filepath.Join(rel, "app.py"))
	defer func() {
		if r := recover(); r != nil {
			app, problems, err = nil, nil, fmt.Errorf("load %s: internal error while loading: %v", file, r)
		}
	}()
	text, err := readLimited(filepath.Join(root, rel, "app.py"))
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", file, err)
	}
	tree, errLine, err := parseModule(text)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", file, err)
	}
	cfg, err := readConfig(root, rel)
	if err != nil {
		return nil, nil, err
	}
	b := &builder{root: root, rel: rel, src: newSrc(file, text, tree), cfg: cfg, roles: map[string]*model.Role{},
		fns: map[string]*model.Function{},
		app: &model.App{File: file, Dir: filepath.ToSlash(filepath.Clean("./" + rel)), Format: "chalice", Provider: "aws"}}
	if errLine > 0 {
		b.problem(model.Location{File: file, Line: errLine}, "syntax error: Python would not load this file; the loader read what it could")
	}
	if cfg.sample {
		b.problem(model.Location{File: cfg.file}, "the project has no .chalice/config.json: settings are read from the sample configuration, which may differ from what is deployed")
	}
	if err := b.build(); err != nil {
		return nil, b.problems, err
	}
	return b.app, b.problems, nil
}

type builder struct {
	root, rel string
	src       *src
	cfg       *config
	app       *model.App
	appName   string
	// appVars are the names bound to the Chalice application and its
	// blueprints; decorators on them declare functions.
	appVars  map[string]bool
	roles    map[string]*model.Role
	fns      map[string]*model.Function
	rest     *model.API
	ws       *model.API
	problems []finding.Problem
	// module is the Python module of the file being read ("app", or a
	// blueprint's module); urlPrefix and namePrefix are the prefixes its
	// blueprint was registered with.
	module, urlPrefix, namePrefix string
}

func (b *builder) problem(loc model.Location, msg string) {
	b.problems = append(b.problems, finding.Problem{Loc: loc, Message: msg})
}

func defaulted[T any](v T, loc model.Location) model.Value[T] {
	return model.Value[T]{V: v, Loc: loc, Origin: model.Defaulted}
}

// build finds the application object, then declares a function per
// decorator.
func (b *builder) build() error {
	b.appVars = map[string]bool{}
	var appCall *call
	for name, expr := range b.src.consts {
		c := b.src.asCall(expr)
		if c == nil {
			continue
		}
		switch {
		case c.name == "Chalice" && (c.recv == "" || c.recv == "chalice"):
			b.appVars[name] = true
			if appCall == nil || c.node.start < appCall.node.start {
				appCall = c
			}
		case c.name == "Blueprint" && (c.recv == "" || c.recv == "chalice"):
			b.appVars[name] = true
		}
	}
	if appCall == nil {
		return fmt.Errorf("load %s: no Chalice(...) application is created at module level", b.src.file)
	}
	name := b.cfg.str(get(b.cfg.root, "app_name"))
	if name.V == "" {
		name = b.src.eval(appCall.arg(0, "app_name"), nil)
	}
	b.appName = name.V
	if b.appName == "" {
		b.appName = filepath.Base(b.rel)
		b.problem(b.src.loc(appCall.node), "the application's name could not be resolved; the directory name is used")
	}
	b.app.Name = b.appName
	b.module = "app"
	for _, st := range b.src.root.kids {
		if st.kind == "decorated_definition" {
			b.decorated(st)
		}
	}
	b.blueprints(appCall)
	return nil
}

// decorated handles the decorators of one module-level function.
func (b *builder) decorated(st *pnode) {
	def := st.child("definition")
	if def == nil || def.kind != "function_definition" {
		return
	}
	pyName := b.src.of(def.child("name"))
	for _, d := range st.kids {
		if d.kind != "decorator" {
			continue
		}
		var expr *pnode
		if k := d.named0(); len(k) == 1 {
			expr = k[0]
		}
		c := b.src.asCall(expr)
		if c == nil || !b.appVars[c.recv] {
			continue
		}
		b.decorator(c, pyName, b.src.loc(d))
	}
}

// function returns the Lambda function Chalice deploys for name, creating
// it with its configuration on first use.
func (b *builder) function(id, name, handler string, loc model.Location) *model.Function {
	if f := b.fns[id]; f != nil {
		return f
	}
	fullName := b.appName + "-" + b.cfg.stage
	if name != apiHandlerName {
		fullName += "-" + name
	}
	f := &model.Function{ID: id, Loc: loc, Name: defaulted(fullName, loc), Handler: defaulted(handler, loc),
		Code: defaulted(".", loc), PackageType: defaulted("Zip", loc)}
	b.configure(f, name, loc)
	b.fns[id] = f
	b.app.Functions = append(b.app.Functions, f)
	return f
}

func (b *builder) trigger(f *model.Function, t *model.Trigger) {
	t.Function, t.FunctionID = f, f.ID
	f.Triggers = append(f.Triggers, t)
	b.app.Triggers = append(b.app.Triggers, t)
}

// envOf returns the function's configured environment variables for
// resolving reads of os.environ in decorator arguments.
func (b *builder) envOf(name string) envFunc {
	vars := b.cfg.env(name)
	return func(key string) (model.String, bool) {
		for _, v := range vars {
			if v.Name.V == key {
				return v.Value, true
			}
		}
		return model.String{}, false
	}
}
