// Package sls loads Serverless Framework services (serverless.yml,
// serverless.yaml, serverless.json; framework v3 and v4) into the
// provider-neutral model. It resolves the framework's variables on the YAML
// node tree in place, compiles the service into the CloudFormation
// template `serverless package` would produce, with every generated node
// placed at the line of the serverless.yml value it came from, and loads
// that template with the CloudFormation loader, so that intrinsic
// functions, IAM and every rule behave as they do for CloudFormation.
package sls

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/load/cfn"
	"github.com/slsguard/slsguard/internal/model"
)

// Options are the values a service takes from its deployment command.
type Options struct {
	// Dir is the service directory on disk, for ${file(...)} (absolute or
	// relative to the current directory).
	Dir string
	// Root bounds the files ${file(...)} may read (the scanned tree);
	// empty means Dir.
	Root string
	// Stage and Region are --stage and --region; the file's own
	// provider.stage/region, then the framework's dev and us-east-1, apply
	// when they are empty.
	Stage, Region string
	// Params are ${param:...} and ${opt:...} values given by the user.
	Params map[string]string
	// Env holds ${env:...} values, only when the user asks; nil leaves
	// them unresolved.
	Env map[string]string
}

// ErrUnsupportedProvider is returned for services of providers other than
// AWS (Azure, Google, OpenWhisk...), which the framework does not compile
// to CloudFormation.
var ErrUnsupportedProvider = errors.New("provider not supported")

// Looks reports whether a file seems to be a Serverless Framework service:
// named serverless.yml, serverless.yaml or serverless.json (or *.sls.yml,
// the name the rule fixtures use), with a service and a provider.
func Looks(name string, data []byte) bool {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case base == "serverless.yml", base == "serverless.yaml", base == "serverless.json":
	case strings.HasSuffix(base, ".sls.yml"), strings.HasSuffix(base, ".sls.yaml"):
	default:
		return false
	}
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	s := string(head)
	return strings.Contains(s, "service") && strings.Contains(s, "provider")
}

// Load reads one service. file is the path used in locations. The error is
// returned when the file cannot be read as a service at all (a
// *cfn.ParseError with the position, or ErrUnsupportedProvider); problems
// with parts of it are returned while the rest is loaded.
func Load(file string, data []byte, opts Options) (app *model.App, problems []finding.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			app, problems = nil, nil
			err = &cfn.ParseError{Loc: model.Location{File: file}, Msg: fmt.Sprintf("internal error while loading: %v", r)}
		}
	}()
	fail := func(line int, format string, args ...any) error {
		return &cfn.ParseError{Loc: model.Location{File: file, Line: line}, Msg: fmt.Sprintf(format, args...)}
	}
	budget := maxNodes
	root, err := parseYAML(data, &budget)
	if err != nil {
		return nil, nil, fail(splitLine(err))
	}
	if root.Kind != yaml.MappingNode || get(root, "service") == nil || get(root, "provider") == nil {
		return nil, nil, fail(root.Line, "not a Serverless Framework service: no service and provider")
	}
	if name := providerName(root); name != "aws" {
		// Both: callers tell this case with errors.Is and place it with
		// errors.As.
		return nil, nil, fmt.Errorf("%w: %w", ErrUnsupportedProvider,
			fail(at(keyNode(root, "provider")).line, "provider %s is not supported: only AWS services are loaded", name))
	}
	r, err := resolve(root, opts, &budget)
	if err != nil {
		return nil, nil, fail(splitLine(err))
	}
	c := newCompiler(file, root, r)
	doc := c.compile()
	cfnOpts := cfn.Options{}
	if r.regionKnown {
		cfnOpts.Region = r.region
	}
	app, problems, err = cfn.LoadNode(file, doc, cfnOpts)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range append(r.problems, c.problems...) {
		problems = append(problems, finding.Problem{Loc: model.Location{File: file, Line: p.p.line, Column: p.p.col}, Message: p.msg})
	}
	c.finish(app, r)
	return app, problems, nil
}

// splitLine separates the "line N: " an error message starts with (from
// the YAML parser or the resolver) so that it becomes the location.
func splitLine(err error) (int, string, any) {
	msg := err.Error()
	for _, prefix := range []string{"invalid YAML/JSON: line ", "line "} {
		rest, ok := strings.CutPrefix(msg, prefix)
		if !ok {
			continue
		}
		num, tail, ok := strings.Cut(rest, ": ")
		if n, convErr := strconv.Atoi(num); ok && convErr == nil {
			return n, "%s", strings.TrimSuffix(prefix, "line ") + tail
		}
	}
	return 0, "%s", msg
}

// providerName is provider.name (the framework's default is aws); a
// provider given as a variable is taken to be AWS.
func providerName(root *yaml.Node) string {
	p := get(root, "provider")
	if p.Kind == yaml.ScalarNode {
		return p.Value
	}
	name := text(get(p, "name"))
	if name == "" || strings.HasPrefix(name, "${") {
		return "aws"
	}
	return name
}

// resolve substitutes the service's variables: first the stage, region
// and params the other variables may depend on, then everything.
func resolve(root *yaml.Node, opts Options, budget *int) (*resolver, error) {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	fileRoot := opts.Root
	if fileRoot == "" {
		fileRoot = opts.Dir
	}
	r := &resolver{
		root: root, opts: opts, files: newFileReader(fileRoot), budget: budget,
		stage: opts.Stage, region: opts.Region, params: map[string]string{},
		active: map[*yaml.Node]bool{}, unresolved: map[string]string{}, fromInput: map[pos]string{}, reported: map[string]bool{},
	}
	sc := scope{dir: opts.Dir}
	provider := get(root, "provider")
	if r.stage == "" {
		r.stage = settled(r, provider, "stage", "dev", sc)
	}
	if r.region == "" {
		r.region = settled(r, provider, "region", "", sc)
		if r.region != "" {
			r.regionAt = at(get(provider, "region"))
		}
	}
	// The region is known when given; the framework's default is used
	// for names and ${aws:region}, but the model leaves it unknown, as
	// deployments usually choose it on the command line.
	r.regionKnown = r.region != ""
	r.region = orDefault(r.region, "us-east-1")
	// The framework fills provider.stage and provider.region with their
	// defaults, so ${self:provider.stage} always has a value.
	if provider.Kind == yaml.MappingNode {
		for _, kv := range [][2]string{{"stage", r.stage}, {"region", r.region}} {
			if get(provider, kv[0]) == nil {
				provider.Content = append(provider.Content, str(kv[0], at(provider)), str(kv[1], at(provider)))
			}
		}
	}
	if err := stageParams(r, root, sc); err != nil {
		return nil, err
	}
	for k, v := range opts.Params {
		r.params[k] = v
	}
	holder := seq(pos{}, root)
	if err := r.at(holder, 0, sc); err != nil {
		return nil, err
	}
	return r, nil
}

// stageParams reads the values ${param:...} takes from the file: v3's
// params.<stage> and v4's stages.<stage>.params, over their defaults.
func stageParams(r *resolver, root *yaml.Node, sc scope) error {
	for _, section := range []string{"default", r.stage} {
		for _, top := range []string{"params", "stages"} {
			parent, i := child(root, top)
			if parent == nil {
				continue
			}
			if err := r.at(parent, i, sc); err != nil {
				return err
			}
			values := get(parent.Content[i], section)
			if top == "stages" {
				values = get(values, "params")
			}
			for _, kv := range pairs(values) {
				if kv[1].Kind == yaml.ScalarNode {
					r.params[kv[0].Value] = kv[1].Value
				}
			}
		}
	}
	return nil
}

// settled resolves provider.<key> early and returns it, or def.
func settled(r *resolver, provider *yaml.Node, key, def string, sc scope) string {
	parent, i := child(provider, key)
	if parent == nil {
		return def
	}
	r.stage, r.region = orDefault(r.stage, "dev"), orDefault(r.region, "us-east-1")
	if err := r.at(parent, i, sc); err != nil {
		return def
	}
	v := text(parent.Content[i])
	if v == "" || strings.Contains(v, "${") {
		return def
	}
	return v
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
