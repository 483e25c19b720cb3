package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
)

// suppressor applies the suppressions written in the scanned files:
// inline comments "slsguard:ignore RULEID reason" on the finding's line or
// on the first line of the resource concerned, and CloudFormation Metadata
// on the resource.
type suppressor struct {
	root  string
	files map[string][]string
	// problems are suppressions without a reason.
	problems []finding.Problem
	reported map[model.Location]bool
}

func newSuppressor(root string) *suppressor {
	return &suppressor{root: root, files: map[string][]string{}, reported: map[model.Location]bool{}}
}

const marker = "slsguard:ignore"

func (s *suppressor) lines(file string) []string {
	if l, ok := s.files[file]; ok {
		return l
	}
	path := file
	if !filepath.IsAbs(path) && s.root != "." {
		path = filepath.Join(s.root, file)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte(marker)) {
		// Most files suppress nothing: remember that, not their text.
		s.files[file] = nil
		return nil
	}
	lines := strings.Split(string(data), "\n")
	s.files[file] = lines
	return lines
}

// inline returns the reason of an inline suppression of id on line, and
// whether there is one.
func (s *suppressor) inline(file string, line int, id string) (string, model.Location, bool) {
	lines := s.lines(file)
	if line < 1 || line > len(lines) {
		return "", model.Location{}, false
	}
	text := lines[line-1]
	i := strings.Index(text, marker)
	if i < 0 {
		return "", model.Location{}, false
	}
	fields := strings.Fields(text[i+len(marker):])
	for j, f := range fields {
		for _, rid := range strings.Split(f, ",") {
			if rid == id || rid == "all" {
				reason := strings.Join(fields[j+1:], " ")
				return reason, model.Location{File: file, Line: line, Column: i + 1}, true
			}
		}
	}
	return "", model.Location{}, false
}

// enclosing returns the lines that open the blocks around line: walking
// up, each line indented less than everything below it (a YAML key, an
// HCL block, a function). Top-level lines count only in HCL, where they
// are resource blocks; in YAML they are sections such as Resources.
func (s *suppressor) enclosing(file string, line int) []int {
	lines := s.lines(file)
	if line < 1 || line > len(lines) {
		return nil
	}
	hcl := strings.HasSuffix(file, ".tf")
	var out []int
	min := indent(lines[line-1])
	for i := line - 2; i >= 0 && min > 0; i-- {
		l := lines[i]
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
			continue
		}
		if ind := indent(l); ind < min {
			min = ind
			if ind > 0 || hcl {
				out = append(out, i+1)
			}
		}
	}
	return out
}

func indent(l string) int {
	return len(l) - len(strings.TrimLeft(l, " \t"))
}

func (s *suppressor) apply(f *finding.Finding, app *model.App) {
	var res *model.Resource
	for _, r := range app.Resources {
		if r.ID == f.Resource {
			res = r
			break
		}
	}
	candidates := []int{f.Loc.Line}
	if res != nil && res.Loc.File == f.Loc.File {
		candidates = append(candidates, res.Loc.Line)
	}
	candidates = append(candidates, s.enclosing(f.Loc.File, f.Loc.Line)...)
	for _, line := range candidates {
		if reason, loc, ok := s.inline(f.Loc.File, line, f.RuleID); ok {
			s.suppress(f, "inline", reason, loc)
			return
		}
	}
	if res != nil {
		if reason, ok := res.Suppress[f.RuleID]; ok {
			s.suppress(f, "metadata", reason, res.Loc)
		}
	}
}

func (s *suppressor) suppress(f *finding.Finding, kind, reason string, loc model.Location) {
	f.Suppressed = &finding.Suppression{Kind: kind, Reason: reason, Loc: loc}
	if strings.TrimSpace(reason) == "" && !s.reported[loc] {
		s.reported[loc] = true
		s.problems = append(s.problems, finding.Problem{Loc: loc,
			Message: "suppression of " + f.RuleID + " gives no reason: say why the finding is accepted"})
	}
}
