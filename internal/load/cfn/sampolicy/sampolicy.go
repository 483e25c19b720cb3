// Package sampolicy holds every AWS SAM policy template (DynamoDBCrudPolicy,
// S3ReadPolicy, ...) so that the CloudFormation loader can expand
// `Policies: - DynamoDBCrudPolicy: {TableName: !Ref T}` into the IAM statements
// AWS SAM would generate.
//
// The templates come unchanged from SAM's own policy_templates.json (see
// NOTICE), embedded at build time and decoded once on first use. Statements
// keep SAM's intrinsic functions (Fn::Sub, Ref, ...) exactly as written: a Ref
// or ${Name} whose name is one of a template's Parameters refers to the value
// the template user passed for that parameter.
package sampolicy

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

//go:embed policy_templates.json
var templatesJSON []byte

// Template is one SAM policy template.
type Template struct {
	Name        string
	Description string
	Parameters  []string // parameter names, sorted
	// Statements is the template's "Statement" list as decoded JSON (map[string]any / []any / string ...),
	// with the intrinsic functions (Fn::Sub, Ref, Fn::Join, Fn::If ...) exactly as in the SAM file; a Ref or
	// ${Name} whose name is one of Parameters refers to that parameter.
	Statements []any
}

// catalog is the decoded SAM file.
type catalog struct {
	version   string
	templates map[string]*Template
	names     []string
}

var (
	loadOnce sync.Once
	loaded   *catalog
)

// get decodes the embedded file on first use. The file is part of the build
// and a test decodes it, so a failure here means a broken build, not bad
// user input.
func get() *catalog {
	loadOnce.Do(func() {
		c, err := parse(templatesJSON)
		if err != nil {
			panic(fmt.Sprintf("sampolicy: embedded policy_templates.json: %v", err))
		}
		loaded = c
	})
	return loaded
}

// Lookup returns the template with exactly this name, e.g. "DynamoDBCrudPolicy".
// The result is the caller's own copy: changing it does not change what later
// calls return.
func Lookup(name string) (*Template, bool) {
	t, ok := get().templates[name]
	if !ok {
		return nil, false
	}
	return t.clone(), true
}

// Names returns the names of all templates, sorted.
func Names() []string {
	return append([]string(nil), get().names...)
}

// Version returns the "Version" field of the SAM file.
func Version() string {
	return get().version
}

// fileFormat is the shape of SAM's policy_templates.json.
type fileFormat struct {
	Version   string                  `json:"Version"`
	Templates map[string]templateJSON `json:"Templates"`
}

type templateJSON struct {
	Description string                     `json:"Description"`
	Parameters  map[string]json.RawMessage `json:"Parameters"`
	Definition  struct {
		Statement json.RawMessage `json:"Statement"`
	} `json:"Definition"`
}

// parse decodes a SAM policy template file and checks the shape the loader
// relies on: every template has a non-empty list of statements, each an
// object with Effect and Action.
func parse(data []byte) (*catalog, error) {
	var f fileFormat
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if len(f.Templates) == 0 {
		return nil, fmt.Errorf("no templates")
	}
	c := &catalog{version: f.Version, templates: make(map[string]*Template, len(f.Templates))}
	for name, tj := range f.Templates {
		t, err := newTemplate(name, tj)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		c.templates[name] = t
		c.names = append(c.names, name)
	}
	sort.Strings(c.names)
	return c, nil
}

func newTemplate(name string, tj templateJSON) (*Template, error) {
	statements, err := decodeStatements(tj.Definition.Statement)
	if err != nil {
		return nil, err
	}
	params := make([]string, 0, len(tj.Parameters))
	for p := range tj.Parameters {
		params = append(params, p)
	}
	sort.Strings(params)
	return &Template{Name: name, Description: tj.Description, Parameters: params, Statements: statements}, nil
}

func decodeStatements(raw json.RawMessage) ([]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("no Definition.Statement")
	}
	var statements []any
	if err := json.Unmarshal(raw, &statements); err != nil {
		return nil, fmt.Errorf("Definition.Statement: %w", err)
	}
	if len(statements) == 0 {
		return nil, fmt.Errorf("Definition.Statement is empty")
	}
	for i, s := range statements {
		m, ok := s.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("statement %d is not an object", i)
		}
		if _, ok := m["Effect"]; !ok {
			return nil, fmt.Errorf("statement %d has no Effect", i)
		}
		if _, ok := m["Action"]; !ok {
			return nil, fmt.Errorf("statement %d has no Action", i)
		}
	}
	return statements, nil
}

func (t *Template) clone() *Template {
	c := *t
	c.Parameters = append([]string(nil), t.Parameters...)
	c.Statements = deepCopy(t.Statements).([]any)
	return &c
}

// deepCopy copies decoded JSON so callers that substitute parameters in place
// cannot change the shared catalog.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	default:
		return v
	}
}
