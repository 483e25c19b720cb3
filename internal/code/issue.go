package code

import (
	"cmp"
	"slices"
)

// Issue classes, with their CWE.
const (
	ClassCommandInjection = "command-injection"
	ClassCodeEval         = "code-eval"
	ClassDeserialization  = "unsafe-deserialization"
	ClassSQLInjection     = "sql-injection"
	ClassNoSQLInjection   = "nosql-injection"
	ClassSSRF             = "ssrf"
	ClassPathTraversal    = "path-traversal"
	ClassXXE              = "xxe"
	ClassJWTUnverified    = "jwt-unverified"
	ClassTLSDisabled      = "tls-verification-disabled"
	ClassLogSensitive     = "sensitive-logging"
	ClassEnvExposure      = "environment-exposure"
)

// cwes maps each class to its CWE identifier.
var cwes = map[string]string{
	ClassCommandInjection: "CWE-78",
	ClassCodeEval:         "CWE-95",
	ClassDeserialization:  "CWE-502",
	ClassSQLInjection:     "CWE-89",
	ClassNoSQLInjection:   "CWE-943",
	ClassSSRF:             "CWE-918",
	ClassPathTraversal:    "CWE-22",
	ClassXXE:              "CWE-611",
	ClassJWTUnverified:    "CWE-347",
	ClassTLSDisabled:      "CWE-295",
	ClassLogSensitive:     "CWE-532",
	ClassEnvExposure:      "CWE-526",
}

// CWE returns the CWE identifier of an issue class.
func CWE(class string) string { return cwes[class] }

// Classes lists every issue class, for catalogs and documentation.
func Classes() []string {
	out := make([]string, 0, len(cwes))
	for c := range cwes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Step is one point of a flow.
type Step struct {
	File         string
	Line, Column int    // 1-based
	Code         string // the expression, shortened to one line
	Note         string // what happens here
}

// Flow is the path of untrusted data from its source to a sink.
type Flow struct {
	Source Step
	Sink   Step
	Steps  []Step // between source and sink, in order
	Class  string
	CWE    string
}

// Issue is one problem in the code. Flow is nil for issues found without
// data flow.
type Issue struct {
	Class, CWE, Message string
	File                string
	Line, Column        int
	Flow                *Flow
}

// sortIssues orders issues by file, line, column and class, and drops
// duplicates (one sink reached along two paths).
func sortIssues(in []Issue) []Issue {
	slices.SortStableFunc(in, func(a, b Issue) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Class, b.Class))
	})
	return slices.CompactFunc(in, func(a, b Issue) bool {
		return a.File == b.File && a.Line == b.Line && a.Column == b.Column && a.Class == b.Class
	})
}
