package report

import (
	"encoding/json"
	"io"

	"github.com/slsguard/slsguard/internal/finding"
)

// JSONVersion is the version of the JSON output's schema
// (docs/json-output.md). It changes only when a field changes meaning or
// disappears; new fields may be added within a version.
const JSONVersion = "1"

type jsonReport struct {
	SchemaVersion string            `json:"schemaVersion"`
	Tool          jsonTool          `json:"tool"`
	Root          string            `json:"root"`
	Summary       jsonSummary       `json:"summary"`
	Findings      []jsonFinding     `json:"findings"`
	Problems      []finding.Problem `json:"problems"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Applications int            `json:"applications"`
	Functions    int            `json:"functions"`
	Findings     int            `json:"findings"`
	Suppressed   int            `json:"suppressed"`
	BySeverity   map[string]int `json:"bySeverity"`
	Problems     int            `json:"problems"`
}

type jsonFinding struct {
	finding.Finding
	Remediation string `json:"remediation,omitempty"`
}

// JSON writes the stable JSON report.
func JSON(w io.Writer, in *Input) error {
	bySev, suppressed := counts(in.Findings)
	r := jsonReport{
		SchemaVersion: JSONVersion,
		Tool:          jsonTool{Name: "slsguard", Version: in.Version},
		Root:          in.Root,
		Summary: jsonSummary{
			Applications: len(in.Apps),
			Findings:     len(in.Findings) - suppressed,
			Suppressed:   suppressed,
			BySeverity:   map[string]int{},
			Problems:     len(in.Problems),
		},
		Findings: []jsonFinding{},
		Problems: in.Problems,
	}
	if r.Problems == nil {
		r.Problems = []finding.Problem{}
	}
	for _, a := range in.Apps {
		r.Summary.Functions += len(a.Functions)
	}
	for s := finding.Info; s <= finding.Critical; s++ {
		r.Summary.BySeverity[s.String()] = bySev[s]
	}
	idx := ruleIndex(in.Rules)
	for _, f := range in.Findings {
		jf := jsonFinding{Finding: f}
		if rl, ok := idx[f.RuleID]; ok {
			jf.Remediation = rl.Remediation
		}
		r.Findings = append(r.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
