package sls

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/slsguard/slsguard/internal/rule"
	"github.com/slsguard/slsguard/internal/rules"
)

func TestZZRules(t *testing.T) {
	dir := corpusDir(t, "serverless-examples")
	count := map[string]int{}
	var samples []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if d.Name() != "serverless.yml" {
			return nil
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		app, _, err := Load(rel, data, Options{Dir: filepath.Dir(p), Root: dir})
		if err != nil {
			return nil
		}
		for _, r := range rules.All() {
			pass := rule.NewPass(r, app, rule.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
			r.Check(pass)
			for _, f := range pass.Findings() {
				count[r.ID]++
				if count[r.ID] <= 3 {
					samples = append(samples, fmt.Sprintf("%s %s %s", r.ID, f.Loc, f.Message))
				}
			}
		}
		return nil
	})
	var ids []string
	for id := range count {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Println(id, count[id])
	}
	for _, s := range samples {
		fmt.Println(s)
	}
}
