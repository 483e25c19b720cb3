package sigma

import (
	"context"
	"fmt"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/logs/detect"
)

// Matcher runs loaded rules over records; it needs Record.Raw
// (cloudtrail.Options.KeepRaw).
type Matcher struct {
	rules  []*Rule
	p      fastjson.Parser
	alerts []detect.Alert
	errs   map[string]string // rule ID -> first evaluation error
}

// NewMatcher prepares rules for one run.
func NewMatcher(rules []*Rule) *Matcher {
	return &Matcher{rules: rules, errs: map[string]string{}}
}

// Process evaluates every rule on r.
func (m *Matcher) Process(r *cloudtrail.Record) {
	if len(r.Raw) == 0 || len(m.rules) == 0 {
		return
	}
	name := strings.ToLower(r.EventName)
	var ev map[string]any
	for _, rule := range m.rules {
		if rule.names != nil && !rule.names[name] {
			continue
		}
		if ev == nil {
			v, err := m.p.ParseBytes(r.Raw)
			if err != nil {
				return
			}
			ev = Flatten(v)
		}
		res, err := rule.eval.Matches(context.Background(), ev)
		if err != nil {
			if _, ok := m.errs[rule.ID]; !ok {
				m.errs[rule.ID] = err.Error()
			}
			continue
		}
		if res.Match {
			m.alerts = append(m.alerts, detect.Alert{
				ID: "SIGMA:" + rule.ID, Title: rule.Title, Severity: severity(rule.Level),
				Message:  fmt.Sprintf("Sigma rule %q (%s) matched %s", rule.Title, rule.File, r.EventName),
				Evidence: []detect.Evidence{detect.EvidenceOf(r)},
			})
		}
	}
}

// Alerts returns the matches so far, in input order.
func (m *Matcher) Alerts() []detect.Alert { return m.alerts }

// Drain returns the alerts raised since the previous Drain and forgets
// them, for callers that emit alerts as they happen.
func (m *Matcher) Drain() []detect.Alert {
	out := m.alerts
	m.alerts = nil
	return out
}

// Errors returns, per rule ID, the first error sigma-go gave evaluating it.
func (m *Matcher) Errors() map[string]string { return m.errs }

func severity(level string) finding.Severity {
	if s, err := finding.ParseSeverity(level); err == nil {
		return s
	}
	if strings.EqualFold(level, "informational") {
		return finding.Info
	}
	return finding.Medium
}

// Flatten turns a record into the flat event sigma-go evaluates: every
// field by its dotted path, scalars as strings (null as nil), objects and
// arrays also as their compact JSON text.
func Flatten(v *fastjson.Value) map[string]any {
	out := map[string]any{}
	flattenInto(out, "", v)
	return out
}

func flattenInto(out map[string]any, prefix string, v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeObject:
		if prefix != "" {
			out[prefix] = v.String()
		}
		v.GetObject().Visit(func(k []byte, c *fastjson.Value) {
			key := string(k)
			if prefix != "" {
				key = prefix + "." + key
			}
			flattenInto(out, key, c)
		})
	case fastjson.TypeArray:
		out[prefix] = v.String()
	case fastjson.TypeString:
		out[prefix] = string(v.GetStringBytes())
	case fastjson.TypeNull:
		out[prefix] = nil
	default: // numbers, true, false
		out[prefix] = v.String()
	}
}
