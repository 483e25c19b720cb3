package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/slsguard/slsguard/internal/load/tf"
	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/rules"
)

func main() {
	root := os.Args[1]
	dirs, _ := filepath.Glob(filepath.Join(root, "modules/aws/*"))
	re := regexp.MustCompile(`variable "([a-z0-9_]+)" \{[^}]*type\s*=\s*bool`)
	for _, d := range dirs {
		src, _ := os.ReadFile(filepath.Join(d, "variables.tf"))
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			count := func(v string) map[string]int {
				app, probs, err := tf.LoadModule(root, d, tf.Options{Vars: map[string]string{m[1]: v}})
				if err != nil {
					fmt.Println("ERR", err)
					return nil
				}
				for _, p := range probs {
					fmt.Println("PROBLEM", p.Loc, p.Message)
				}
				out := map[string]int{}
				for _, r := range rules.All() {
					p := rule.NewPass(r, app, rule.Options{Now: time.Now()})
					r.Check(p)
					for _, f := range p.Findings() {
						out[f.RuleID+" "+f.Resource]++
					}
				}
				return out
			}
			on, off := count("true"), count("false")
			for k, n := range on {
				if off[k] != n {
					fmt.Println(filepath.Base(d), m[1], "ON:", k, n, "off:", off[k])
				}
			}
			for k, n := range off {
				if on[k] != n && on[k] == 0 {
					fmt.Println(filepath.Base(d), m[1], "OFF only:", k, n)
				}
			}
		}
	}
}
