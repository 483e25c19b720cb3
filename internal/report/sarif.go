package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// SARIF 2.1.0, the subset GitHub code scanning and other consumers read.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Invocations        []sarifInvocation           `json:"invocations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []sarifSupp       `json:"suppressions,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"`
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	Message          *sarifText     `json:"message,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifSupp struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// SARIF writes a SARIF 2.1.0 log with locations relative to the scanned
// root (uriBaseId %SRCROOT%).
func SARIF(w io.Writer, in *Input) error {
	rules := usedRules(in)
	index := map[string]int{}
	driver := sarifDriver{Name: "slsguard", Version: in.Version, InformationURI: "https://github.com/slsguard/slsguard", Rules: []sarifRule{}}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	if abs, err := filepath.Abs(in.Root); err == nil {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{"%SRCROOT%": {URI: "file://" + filepath.ToSlash(abs) + "/"}}
	}
	for _, f := range in.Findings {
		idx, ok := index[f.RuleID]
		if !ok {
			idx = -1
		}
		run.Results = append(run.Results, sarifResultOf(f, idx))
	}
	inv := sarifInvocation{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{}}
	for _, p := range in.Problems {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "warning", Message: sarifText{Text: p.Message}, Locations: []sarifLocation{sarifLoc(p.Loc, "")},
		})
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifRuleOf(r *rule.Rule) sarifRule {
	help := r.Rationale + "\n\nFix: " + r.Remediation
	md := "**Why it matters.** " + r.Rationale + "\n\n**How to fix it.** " + r.Remediation + "\n\n"
	for _, ref := range r.References {
		md += "- " + ref + "\n"
	}
	out := sarifRule{
		ID:                   r.ID,
		Name:                 ruleName(r.Title),
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: r.Rationale},
		Help:                 sarifHelp{Text: help, Markdown: md},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties: map[string]any{
			"security-severity": r.Severity.Score(),
			"tags":              []string{"security", r.Category},
			"precision":         "high",
		},
	}
	if len(r.References) > 0 {
		out.HelpURI = r.References[0]
	}
	return out
}

// ruleName turns a title into the PascalCase name SARIF viewers show.
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func sarifResultOf(f finding.Finding, idx int) sarifResult {
	res := sarifResult{
		RuleID:              f.RuleID,
		RuleIndex:           idx,
		Level:               sarifLevel(f.Severity),
		Message:             sarifText{Text: f.Message},
		Locations:           []sarifLocation{sarifLoc(f.Loc, f.Resource)},
		PartialFingerprints: map[string]string{"slsguard/v1": f.Fingerprint},
		Properties:          map[string]any{"severity": f.Severity.String(), "security-severity": f.Severity.Score()},
	}
	for i, r := range f.Related {
		l := sarifLoc(r.Loc, "")
		l.ID = i + 1
		l.Message = &sarifText{Text: r.Message}
		res.RelatedLocations = append(res.RelatedLocations, l)
	}
	if s := f.Suppressed; s != nil {
		kind := "inSource"
		if s.Kind == "file" || s.Kind == "baseline" {
			kind = "external"
		}
		res.Suppressions = []sarifSupp{{Kind: kind, Justification: s.Reason}}
	}
	return res
}

func sarifLoc(l model.Location, logical string) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: filepath.ToSlash(l.File), URIBaseID: "%SRCROOT%"}}}
	if l.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: l.Line, StartColumn: l.Column}
	}
	if logical != "" {
		loc.LogicalLocations = []sarifLogical{{Name: logical, Kind: "resource"}}
	}
	return loc
}
