// Package finding defines the one result type every analysis produces, its
// severities, its stable fingerprint and its deterministic order.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// Severity ranks how much a finding matters.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(n, name) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// Score is the numeric score used by SARIF's security-severity.
func (s Severity) Score() string {
	return [...]string{"0.0", "3.0", "5.5", "8.0", "9.5"}[s]
}

// Finding is one problem found in the input.
type Finding struct {
	RuleID   string         `json:"rule"`
	Title    string         `json:"title"`
	Severity Severity       `json:"severity"`
	Message  string         `json:"message"`
	Loc      model.Location `json:"location"`
	// App is the file of the application the finding belongs to.
	App string `json:"app,omitempty"`
	// Resource is the logical ID of the resource concerned; Function the
	// function it concerns, if any.
	Resource string `json:"resource,omitempty"`
	Function string `json:"function,omitempty"`
	// Key distinguishes several findings of one rule on one resource
	// (the action, the variable name...). It enters the fingerprint, the
	// line number does not, so a fingerprint survives unrelated edits.
	Key         string `json:"key,omitempty"`
	Fingerprint string `json:"fingerprint"`
	// Related are further locations that explain the finding (the source
	// of tainted data, the other functions sharing a role...).
	Related []Related `json:"related,omitempty"`
	// Suppressed is set when a suppression applies; the finding is still
	// reported as suppressed.
	Suppressed *Suppression `json:"suppressed,omitempty"`
}

// Related is a secondary location with a short explanation.
type Related struct {
	Loc     model.Location `json:"location"`
	Message string         `json:"message"`
}

// Suppression records why a finding is not counted.
type Suppression struct {
	Kind   string `json:"kind"` // inline, metadata, file, baseline
	Reason string `json:"reason"`
	Loc    model.Location
}

// SetFingerprint computes the finding's fingerprint from what identifies it
// independently of its position: rule, file, resource and key.
func (f *Finding) SetFingerprint() {
	h := sha256.New()
	for _, s := range []string{f.RuleID, f.Loc.File, f.Resource, f.Function, f.Key} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if f.Resource == "" && f.Key == "" {
		// Nothing but the position identifies it.
		fmt.Fprintf(h, "%d", f.Loc.Line)
	}
	f.Fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
}

// Sort orders findings by file, line, column, rule ID, then key.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Loc.File != b.Loc.File {
			return a.Loc.File < b.Loc.File
		}
		if a.Loc.Line != b.Loc.Line {
			return a.Loc.Line < b.Loc.Line
		}
		if a.Loc.Column != b.Loc.Column {
			return a.Loc.Column < b.Loc.Column
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Message < b.Message
	})
}

// Problem is an input that could not be read or understood, reported to the
// user while the rest of the work goes on.
type Problem struct {
	Loc     model.Location `json:"location"`
	Message string         `json:"message"`
}

func (p Problem) Error() string { return p.Loc.String() + ": " + p.Message }
