package iam

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/managed.tsv.gz
var managedGz []byte

// managedPolicy is one AWS managed policy. Its statements stay JSON text
// until first asked for: a scan uses a handful of the 1,500-odd policies.
type managedPolicy struct {
	Name string
	ARN  string
	raw  string

	once       sync.Once
	statements []rawStatement
	err        error
}

type rawStatement struct {
	Effect      string   `json:"e"`
	Action      []string `json:"a"`
	NotAction   []string `json:"na"`
	Resource    []string `json:"r"`
	NotResource []string `json:"nr"`
	Condition   bool     `json:"c"`
}

func (p *managedPolicy) parsed() ([]rawStatement, error) {
	p.once.Do(func() {
		if err := json.Unmarshal([]byte(p.raw), &p.statements); err != nil {
			p.err = fmt.Errorf("decode embedded managed policy %s: %w", p.Name, err)
		}
	})
	return p.statements, p.err
}

type managedIndex struct {
	byKey  map[string]*managedPolicy // name and path/name, lower case
	sorted []string
}

var (
	managedOnce sync.Once
	managedData *managedIndex
	managedErr  error
)

func managed() *managedIndex {
	managedOnce.Do(func() { managedData, managedErr = decodeManaged(managedGz) })
	if managedErr != nil {
		panic(managedErr) // the embedded file is checked by tests
	}
	return managedData
}

// decodeManaged indexes the "name<TAB>ARN<TAB>statements" lines the
// generator writes.
func decodeManaged(gz []byte) (*managedIndex, error) {
	b, err := gunzip(gz)
	if err != nil {
		return nil, fmt.Errorf("decode embedded managed policies: %w", err)
	}
	text := string(b)
	n := strings.Count(text, "\n")
	idx := &managedIndex{byKey: make(map[string]*managedPolicy, 2*n), sorted: make([]string, 0, n)}
	for line := 1; text != ""; line++ {
		var l string
		l, text, _ = strings.Cut(text, "\n")
		name, rest, ok1 := strings.Cut(l, "\t")
		arn, raw, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || name == "" {
			return nil, fmt.Errorf("decode embedded managed policies: line %d: expected name, ARN and statements", line)
		}
		p := &managedPolicy{Name: name, ARN: arn, raw: raw}
		idx.sorted = append(idx.sorted, name)
		idx.byKey[strings.ToLower(name)] = p
		_, path, _ := strings.Cut(arn, ":policy/")
		idx.byKey[strings.ToLower(path)] = p
	}
	sort.Strings(idx.sorted)
	return idx, nil
}

// lookupManaged accepts a policy name ("AdministratorAccess"), a name with
// its path ("service-role/AWSLambdaBasicExecutionRole") or an ARN in any
// partition ("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"). Names are
// case-sensitive in AWS but no two managed policies differ only by case, so
// the lookup forgives case.
func lookupManaged(nameOrARN string) (*managedPolicy, bool) {
	key := strings.TrimSpace(nameOrARN)
	if strings.HasPrefix(key, "arn:") {
		parts := splitARN(key)
		if len(parts) != 6 || parts[2] != "iam" || parts[4] != "aws" || !strings.HasPrefix(parts[5], "policy/") {
			return nil, false
		}
		key = strings.TrimPrefix(parts[5], "policy/")
	}
	p, ok := managed().byKey[strings.ToLower(key)]
	return p, ok
}

// IsAWSManaged reports whether nameOrARN names an AWS managed policy the
// catalog knows.
func IsAWSManaged(nameOrARN string) bool {
	_, ok := lookupManaged(nameOrARN)
	return ok
}

// ManagedPolicyNames returns the names of every embedded AWS managed policy,
// sorted.
func ManagedPolicyNames() []string { return append([]string(nil), managed().sorted...) }

// ManagedPolicy returns the statements of the latest version of an AWS
// managed policy, by name or ARN (see IsAWSManaged). Each statement's Source
// is "AWS managed policy <name>"; statements have no location.
func ManagedPolicy(nameOrARN string) (statements []Statement, ok bool) {
	p, ok := lookupManaged(nameOrARN)
	if !ok {
		return nil, false
	}
	raw, err := p.parsed()
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	out := make([]Statement, len(raw))
	for i, s := range raw {
		out[i] = Statement{
			Effect: s.Effect, Action: s.Action, NotAction: s.NotAction,
			Resource: s.Resource, NotResource: s.NotResource,
			Conditions: s.Condition, Source: "AWS managed policy " + p.Name,
		}
	}
	return out, true
}

// ManagedPolicyARN returns the ARN (partition aws) of an AWS managed policy.
func ManagedPolicyARN(nameOrARN string) (string, bool) {
	p, ok := lookupManaged(nameOrARN)
	if !ok {
		return "", false
	}
	return p.ARN, true
}
