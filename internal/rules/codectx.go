package rules

import (
	"path"
	"sort"
	"strings"

	"github.com/slsguard/slsguard/internal/code"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// codeIssue is an issue of a function's code, located relative to the
// scan root.
type codeIssue struct {
	code.Issue
	fn  *model.Function
	loc model.Location
	rel string // code directory relative to the root
}

// codeIssues analyses every function's handler once per application and
// returns the issues, each once even when several functions share code.
func codeIssues(p *rule.Pass) []codeIssue {
	return p.Memo("code", func() any {
		var out []codeIssue
		seen := map[string]bool{}
		for _, f := range p.App.Functions {
			dir, rel, ok := p.CodePath(f)
			if !ok {
				continue
			}
			issues, _ := code.Analyze(dir, f.Handler.V, f.Runtime.V)
			for _, is := range issues {
				file := path.Join(rel, is.File)
				key := is.Class + "|" + file + "|" + itoa(is.Line)
				if seen[key] {
					continue
				}
				seen[key] = true
				loc := model.Location{File: file, Line: is.Line, Column: is.Column}
				if archive, member, ok := strings.Cut(file, "!"); ok {
					// Code inside a deployment package: the finding points at
					// the archive, and the message at the member's line.
					loc = model.Location{File: archive}
					is.Message += " (in " + member + ":" + itoa(is.Line) + " of the deployment package)"
				}
				out = append(out, codeIssue{Issue: is, fn: f, rel: rel, loc: loc})
			}
		}
		return out
	}).([]codeIssue)
}

// codeRule builds the check shared by the code-audit rules: one finding
// per issue of the class, with the path from the event to the sink.
func codeRule(class string) func(*rule.Pass) {
	return func(p *rule.Pass) {
		for _, is := range codeIssues(p) {
			if is.Class != class {
				continue
			}
			msg := is.Message
			var related []finding.Related
			if fl := is.Flow; fl != nil {
				related = append(related, finding.Related{Loc: stepLoc(is, fl.Source), Message: "source: " + describeStep(fl.Source)})
				for _, st := range fl.Steps {
					related = append(related, finding.Related{Loc: stepLoc(is, st), Message: describeStep(st)})
				}
				related = append(related, finding.Related{Loc: stepLoc(is, fl.Sink), Message: "sink: " + describeStep(fl.Sink)})
				msg += " (" + itoa(fl.Source.Line) + " → " + itoa(fl.Sink.Line) + ")"
			}
			if src := eventSources(is.fn); src != "" && is.Flow != nil {
				msg += "; in " + is.fn.ID + " the event comes from " + src + ", and no WAF inspects non-HTTP events"
			}
			p.Add(rule.Report{Loc: is.loc, Resource: is.fn.ID, Function: is.fn.ID, Key: class + "|" + is.loc.File + "|" + sinkCode(is.Issue), Message: msg, Related: related})
		}
	}
}

func stepLoc(is codeIssue, st code.Step) model.Location {
	file := is.loc.File
	if st.File != "" {
		file = path.Join(is.rel, st.File)
	}
	return model.Location{File: file, Line: st.Line, Column: st.Column}
}

func describeStep(st code.Step) string {
	s := st.Code
	if st.Note != "" {
		s += " (" + st.Note + ")"
	}
	return s
}

// eventSources lists the kinds of events a function receives, when some of
// them are not HTTP.
func eventSources(f *model.Function) string {
	kinds := map[string]bool{}
	nonHTTP := false
	for _, t := range f.Triggers {
		kinds[string(t.Kind)] = true
		nonHTTP = nonHTTP || !t.Kind.HTTP()
	}
	if !nonHTTP {
		return ""
	}
	var out []string
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// sinkCode identifies an issue by its code rather than its line, so that
// fingerprints survive edits elsewhere in the file.
func sinkCode(is code.Issue) string {
	if is.Flow != nil {
		return is.Flow.Sink.Code
	}
	return is.Message
}
