// Package config reads slsguard's configuration file (.slsguard.yaml) and
// its ignore file, with unknown keys rejected so that a typo never turns a
// setting off silently.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/finding"
)

// FileName is the configuration file slsguard looks for.
const FileName = ".slsguard.yaml"

// Config is the content of .slsguard.yaml.
type Config struct {
	// Path is the file the configuration was read from ("" for none).
	Path string `yaml:"-"`

	Rules struct {
		// Enable, when set, runs only these rules.
		Enable  []string `yaml:"enable"`
		Disable []string `yaml:"disable"`
		// Severity overrides rules' severities.
		Severity map[string]finding.Severity `yaml:"severity"`
	} `yaml:"rules"`
	// Skip lists paths or globs to leave out of discovery.
	Skip []string `yaml:"skip"`
	// Regions are the regions the team intends to deploy to.
	Regions []string `yaml:"regions"`
	// CIPrincipals are the principals allowed to deploy (used by log
	// analysis to spot changes made outside the pipeline).
	CIPrincipals []string `yaml:"ci_principals"`
	// Params are template parameter values.
	Params map[string]string `yaml:"params"`
	Output struct {
		Format   []string `yaml:"format"`
		Severity string   `yaml:"severity"`
		FailOn   string   `yaml:"fail_on"`
	} `yaml:"output"`
	// IgnoreFile names the ignore file, relative to the configuration file.
	IgnoreFile string `yaml:"ignore_file"`
}

// Find looks for FileName in dir and its parents and returns its path, or
// "" when there is none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	for {
		p := filepath.Join(abs, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// Load reads a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	var c Config
	if err := strictDecode(data, &c); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.Path = path
	return &c, nil
}

// strictDecode decodes YAML, rejecting keys the target does not have;
// yaml's error names the key and its line.
func strictDecode(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// Starter is the commented file `slsguard init` writes.
const Starter = `# slsguard configuration. Unknown keys are an error, so a typo never turns a
# setting off silently. Every key is optional.

rules:
  # Run only these rules (default: all).
  # enable: [IAM001, IAM002]
  # Never run these.
  disable: []
  # Change a rule's severity: info, low, medium, high, critical.
  # severity:
  #   API005: info

# Paths or globs to leave out of discovery (node_modules, .git, .terraform,
# .aws-sam and similar are always left out).
skip: []

# The regions you intend to deploy to; resources elsewhere are reported.
# regions: [eu-west-1]

# Principals allowed to deploy; log analysis reports changes by anyone else.
# ci_principals:
#   - arn:aws:iam::123456789012:role/github-deploy

# Template parameter values (like --param Key=Value).
# params:
#   Stage: prod

output:
  # format: [table]
  # severity: info
  # fail_on: high

# Accepted findings, each with a reason and an optional expiry date.
# ignore_file: .slsguard-ignore.yaml
`
