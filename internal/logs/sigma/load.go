// Package sigma runs Sigma detection rules written for CloudTrail over the
// record stream, with github.com/bradleyjkemp/sigma-go as the evaluator.
//
// sigma-go evaluates flat events and lacks parts of the Sigma
// specification, so rules are checked and adapted at load time instead of
// being silently misread:
//
//   - records are flattened: every nested field is reachable by its dotted
//     path (requestParameters.userName), and objects and arrays also by
//     their compact JSON text (requestParameters|contains works);
//   - null values (errorCode: null) become sigma-go's "null" convention;
//   - values with the * and ? wildcards are turned into anchored,
//     case-insensitive regular expressions, which sigma-go does not do;
//   - modifiers sigma-go does not know (fieldref, exists, windash,
//     base64offset, cased, expand...), keyword searches, aggregations and
//     timeframes make the rule unsupported: it is reported with the reason
//     and not run.
package sigma

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	sigmago "github.com/bradleyjkemp/sigma-go"
	"github.com/bradleyjkemp/sigma-go/evaluator"
)

// Rule is a loaded, runnable rule.
type Rule struct {
	ID    string
	Title string
	Level string
	File  string
	eval  *evaluator.RuleEvaluator
	// names are the lower-cased event names the rule can match, nil when
	// it can match any.
	names map[string]bool
}

// Problem is a rule that could not be loaded or used, with the reason.
type Problem struct {
	File    string
	Rule    string // title, when the rule parsed
	Message string
}

func (p Problem) Error() string {
	if p.Rule != "" {
		return fmt.Sprintf("%s (%s): %s", p.File, p.Rule, p.Message)
	}
	return p.File + ": " + p.Message
}

// LoadDir loads every .yml and .yaml file under dir. Rules that are not for
// CloudTrail or use what cannot be evaluated faithfully are returned as
// problems, one per rule, naming every unsupported construct.
func LoadDir(dir string) ([]*Rule, []Problem, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yml" || ext == ".yaml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load sigma rules %s: %w", dir, err)
	}
	sort.Strings(files)
	var rules []*Rule
	var problems []Problem
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			problems = append(problems, Problem{File: f, Message: err.Error()})
			continue
		}
		r, why := Parse(data, f)
		if len(why) > 0 {
			problems = append(problems, Problem{File: f, Rule: titleOf(data), Message: strings.Join(why, "; ")})
			continue
		}
		rules = append(rules, r)
	}
	return rules, problems, nil
}

func titleOf(data []byte) string {
	r, err := sigmago.ParseRule(data)
	if err != nil {
		return ""
	}
	return r.Title
}

// Parse reads one rule. It returns the reasons the rule cannot be run, if
// any, instead of a rule.
func Parse(data []byte, file string) (*Rule, []string) {
	r, err := sigmago.ParseRule(data)
	if err != nil {
		return nil, []string{"parse: " + err.Error()}
	}
	if !strings.EqualFold(r.Logsource.Product, "aws") || !strings.EqualFold(r.Logsource.Service, "cloudtrail") {
		return nil, []string{fmt.Sprintf("log source %s/%s is not aws/cloudtrail", r.Logsource.Product, r.Logsource.Service)}
	}
	why := adapt(&r)
	if len(why) > 0 {
		return nil, why
	}
	rule := &Rule{ID: r.ID, Title: r.Title, Level: r.Level, File: file, eval: evaluator.ForRule(r)}
	if names, ok := eventNames(r); ok {
		rule.names = names
	}
	return rule, nil
}
