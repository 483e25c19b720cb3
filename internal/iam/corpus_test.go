package iam

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// corpusDir returns ../shared/corpus relative to the repository root, or
// skips the test when it is absent.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// policyActions collects the values of Action and NotAction keys anywhere
// in a YAML or JSON document: CloudFormation, SAM and Serverless Framework
// policies all spell them so.
func policyActions(n *yaml.Node, out map[string]string, where string) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "Action" || k.Value == "NotAction" {
				for _, s := range scalars(v) {
					out[s] = where
				}
			}
		}
	}
	for _, c := range n.Content {
		policyActions(c, out, where)
	}
}

func scalars(n *yaml.Node) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" || n.Tag == "" {
			return []string{n.Value}
		}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind == yaml.ScalarNode && (c.Tag == "!!str" || c.Tag == "") {
				out = append(out, c.Value)
			}
		}
		return out
	}
	return nil
}

// TestCorpusActionsKnown reads the policies of real applications, which
// deploy, so every action they name must be known or legacy: an action
// reported unknown here would be a false positive of the typo check.
func TestCorpusActionsKnown(t *testing.T) {
	root := corpusDir(t)
	actions := map[string]string{}
	for _, sub := range []string{"serverless-examples", "aws-lambda-developer-guide", "serverless-goat", "cfngoat", "dvfaas"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return err
			}
			ext := filepath.Ext(path)
			if ext != ".yml" && ext != ".yaml" && ext != ".json" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil || len(b) > 1<<20 || !strings.Contains(string(b), "Action") {
				return err
			}
			var doc yaml.Node
			if yaml.Unmarshal(b, &doc) != nil {
				return nil // not every .yml of the corpus is valid YAML; not this test's business
			}
			policyActions(&doc, actions, path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(actions) < 50 {
		t.Fatalf("found %d actions in the corpus, want >= 50", len(actions))
	}
	t.Logf("%d distinct actions in the corpus", len(actions))
	for a, where := range actions {
		if !strings.Contains(a, ":") && a != "*" {
			continue // a Step Functions or CodePipeline "Action" key, not IAM
		}
		if status, suggestion := CheckAction(a); status != ActionKnown && status != ActionLegacy {
			t.Errorf("%s: action %q is %v (suggestion %q)", where, a, status, suggestion)
		}
	}
}
