package sls

import (
	"reflect"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

// mergeResources merges the service's resources section (a mapping, or a
// list of them from ${file()} inclusions) over the generated template, as
// the framework does: a resource with a generated logical ID overrides
// what was generated key by key; extensions patch generated resources.
func (c *compiler) mergeResources(tmpl, resources *yaml.Node) {
	for _, block := range items(get(c.root, "resources")) {
		if block.Kind != yaml.MappingNode {
			c.problem(block, "resources is not a mapping")
			continue
		}
		for _, kv := range pairs(block) {
			section := kv[0].Value
			switch section {
			case "Resources", "extensions":
				for _, r := range pairs(kv[1]) {
					if existing := get(resources, r[0].Value); existing != nil {
						mergeInto(existing, r[1], 0)
					} else if section == "Resources" {
						resources.Content = append(resources.Content, r[0], r[1])
					}
				}
			case "Outputs", "Conditions", "Parameters", "Mappings", "Transform", "Description", "Metadata":
				if dst := get(tmpl, section); dst != nil && dst.Kind == yaml.MappingNode {
					mergeInto(dst, kv[1], 0)
				} else if dst == nil {
					tmpl.Content = append(tmpl.Content, kv[0], kv[1])
				}
			}
		}
	}
}

// mergeInto deep-merges mapping src into dst.
func mergeInto(dst, src *yaml.Node, depth int) {
	if dst.Kind != yaml.MappingNode || src.Kind != yaml.MappingNode || depth > maxDepth {
		return
	}
	for _, kv := range pairs(src) {
		if d := get(dst, kv[0].Value); d != nil && d.Kind == yaml.MappingNode && kv[1].Kind == yaml.MappingNode {
			mergeInto(d, kv[1], depth+1)
			continue
		}
		set(dst, kv[0].Value, kv[1])
	}
}

// finish turns the CloudFormation view into the framework's: functions are
// named by their keys, generated defaults are marked as defaults, roles
// generated for one function are implicit, triggers the CloudFormation
// loader cannot see are added, and unresolved variables get symbols.
func (c *compiler) finish(app *model.App, r *resolver) {
	app.Format = "serverless"
	app.Name = c.service
	byLogical := map[string]*model.Function{}
	for _, f := range app.Functions {
		byLogical[f.ID] = f
		for _, prop := range c.defaulted[f.ID] {
			switch prop {
			case "Timeout":
				f.Timeout.Origin = model.Defaulted
			case "MemorySize":
				f.Memory.Origin = model.Defaulted
			case "FunctionName":
				f.Name.Origin = model.Defaulted
			}
		}
	}
	for _, e := range c.extra {
		f := byLogical[e.fn]
		if f == nil {
			continue
		}
		loc := c.loc(e.p)
		t := &model.Trigger{ID: e.id, Kind: e.kind, Loc: loc, Function: f, FunctionID: f.ID, Source: c.value(e.source, loc)}
		f.Triggers = append(f.Triggers, t)
		app.Triggers = append(app.Triggers, t)
	}
	for _, role := range app.Roles {
		if c.perFunctionRoles[role.ID] {
			role.Implicit = true
		}
	}
	c.placeRegion(app, r)
	websocketAuth(app)
	c.rename(app)
	if len(r.unresolved) > 0 || len(r.fromInput) > 0 {
		symbols(reflect.ValueOf(app), r, map[uintptr]bool{})
	}
}

func (c *compiler) loc(p pos) model.Location {
	return model.Location{File: c.file, Line: p.line, Column: p.col}
}

func (c *compiler) value(n *yaml.Node, loc model.Location) model.String {
	if n == nil {
		return model.String{}
	}
	if n.Kind == yaml.ScalarNode {
		return model.Str(n.Value, c.loc(at(n)))
	}
	var b strings.Builder
	render(n, &b, 0)
	return model.Str(b.String(), loc)
}

// rename replaces function logical IDs by the framework's function keys
// everywhere the model refers to functions.
func (c *compiler) rename(app *model.App) {
	key := func(id string) string {
		if k, ok := c.fnKey[id]; ok {
			return k
		}
		return id
	}
	for _, f := range app.Functions {
		f.ID = key(f.ID)
	}
	for _, t := range app.Triggers {
		t.FunctionID = key(t.FunctionID)
	}
	for _, a := range app.APIs {
		for _, rt := range a.Routes {
			rt.FunctionID = key(rt.FunctionID)
		}
	}
	for _, g := range app.Grants {
		g.FunctionID = key(g.FunctionID)
	}
}

var (
	stringType = reflect.TypeOf(model.String{})
	intType    = reflect.TypeOf(model.Int{})
	boolType   = reflect.TypeOf(model.Bool{})
)

// fieldCache holds, per struct type, the exported fields that can hold a
// model value (structs, pointers, slices), so the walk skips the rest.
var fieldCache sync.Map

func walkFields(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		switch f.Type.Kind() {
		case reflect.Struct, reflect.Pointer, reflect.Slice:
			if f.IsExported() {
				out = append(out, i)
			}
		}
	}
	fieldCache.Store(t, out)
	return out
}

// markSymbol rewrites the symbol of a number or boolean that could not be
// read because it holds an unresolved variable.
func markSymbol(sym *string, r *resolver) {
	if !strings.Contains(*sym, "${") {
		return
	}
	if start, end, ok := nextVar(*sym, 0); ok {
		if what, known := r.unresolved[(*sym)[start:end]]; known {
			*sym = what
		}
	}
}

// symbols walks the model and marks values that still hold an unresolved
// Serverless variable as Unresolved, with what the variable stands for,
// and values taken whole from the user's options with the option's name.
func symbols(v reflect.Value, r *resolver, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		symbols(v.Elem(), r, seen)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			symbols(v.Index(i), r, seen)
		}
	case reflect.Struct:
		switch v.Type() {
		case stringType:
			markString(v.Addr().Interface().(*model.String), r)
			return
		case intType:
			markSymbol(&v.Addr().Interface().(*model.Int).Symbol, r)
			return
		case boolType:
			markSymbol(&v.Addr().Interface().(*model.Bool).Symbol, r)
			return
		}
		for _, i := range walkFields(v.Type()) {
			symbols(v.Field(i), r, seen)
		}
	}
}

func markString(s *model.String, r *resolver) {
	if src, ok := r.fromInput[pos{s.Loc.Line, s.Loc.Column}]; ok && s.Origin == model.Explicit && s.RefTarget == "" {
		s.RefTarget = src
	}
	if !strings.Contains(s.V, "${") || len(r.unresolved) == 0 {
		return
	}
	for _, sp := range spans(s.V) {
		start, end := sp[0], sp[1]
		sym, known := r.unresolved[s.V[start:end]]
		if !known {
			continue
		}
		if start == 0 && end == len(s.V) {
			s.Symbol = sym
		} else {
			s.Symbol = s.V + " (with " + sym + ")"
		}
		s.Origin = model.Unresolved
		if s.RefTarget == "" {
			s.RefTarget = strings.TrimSpace(s.V[start+2 : end-1])
		}
		return
	}
}

// websocketAuth gives every route of a WebSocket API the authorization of
// its $connect route: API Gateway authorizes the connection, and messages
// travel only on connections it accepted.
func websocketAuth(app *model.App) {
	for _, a := range app.APIs {
		if a.Kind != model.APIWebSocket {
			continue
		}
		var connect *model.Route
		for _, r := range a.Routes {
			if r.Path.V == "$connect" {
				connect = r
			}
		}
		if connect == nil || connect.Auth.V == "NONE" || connect.Auth.V == "" {
			continue
		}
		for _, r := range a.Routes {
			if r != connect {
				r.Auth = model.String{V: connect.Auth.V, Loc: connect.Auth.Loc, Origin: model.Defaulted,
					Symbol: "the authorizer of the $connect route"}
			}
		}
	}
}

// placeRegion gives the region, when the file sets it, the position of
// provider.region, on the app and on everything that inherits it.
func (c *compiler) placeRegion(app *model.App, r *resolver) {
	if r.regionAt == (pos{}) || app.Region.Origin == model.Unset {
		return
	}
	loc := c.loc(r.regionAt)
	place := func(v *model.String) {
		if v.V == app.Region.V && v.Loc.Line == 0 {
			v.Loc = loc
		}
	}
	place(&app.Region)
	for _, f := range app.Functions {
		place(&f.Region)
	}
	for _, s := range app.Stores {
		place(&s.Region)
	}
	for _, res := range app.Resources {
		place(&res.Region)
	}
}
