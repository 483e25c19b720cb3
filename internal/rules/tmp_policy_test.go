package rules

import (
	"fmt"
	"testing"

	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/rule"
)

func TestTmpCorpus(t *testing.T) {
	res, _ := load.Load([]string{"../../../shared/corpus"}, load.Options{})
	for _, app := range res.Apps {
		shared := rule.NewShared()
		for _, r := range []*rule.Rule{IAM015, IAM016} {
			p := rule.NewPass(r, app, rule.Options{Root: res.Root, Shared: shared})
			r.Check(p)
			for _, f := range p.Findings() {
				fmt.Println(f.RuleID, f.Loc, f.Message)
			}
		}
	}
}
