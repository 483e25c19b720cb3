package rules

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/rule"
)

// maxSecretFile bounds the size of one file read for secrets.
const maxSecretFile = 4 << 20

// SEC004 finds secrets in functions' code, configuration files and
// deployment packages.
var SEC004 = &rule.Rule{
	ID:       "SEC004",
	Title:    "Secret written in a function's code, configuration or deployment package",
	Severity: finding.High,
	Category: "secrets",
	Rationale: "A credential in source code, a .env or configuration file, or a zip bundle checked into the " +
		"repository is readable by everyone with access to the repository and its history, is deployed with " +
		"the function (where an injection can read it), and cannot be rotated without a code change.",
	Remediation: "Remove the value, rotate it, and load it at run time from Secrets Manager or SSM Parameter " +
		"Store (SecureString), granting the function read access to that one secret. Purge it from the " +
		"repository history if it was ever pushed.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/798.html",
		"https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
	},
	Formats: []string{"sam", "cloudformation"},
	Check:   checkSEC004,
}

// skipSecretDirs hold other people's code or build output.
var skipSecretDirs = map[string]bool{"node_modules": true, ".git": true, "vendor": true, "site-packages": true,
	"__pycache__": true, ".venv": true, "venv": true, ".serverless": true, ".aws-sam": true, "dist-info": true}

func checkSEC004(p *rule.Pass) {
	if p.Options.Secrets == nil {
		return
	}
	seenDir := map[string]bool{}
	seen := map[string]bool{}
	for _, f := range p.App.Functions {
		dir, rel, ok := p.CodeDir(f)
		if !ok || seenDir[rel] {
			continue
		}
		seenDir[rel] = true
		filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if file != dir && (skipSecretDirs[d.Name()] || strings.HasSuffix(d.Name(), ".dist-info")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			sub, _ := filepath.Rel(dir, file)
			relFile := path.Join(rel, filepath.ToSlash(sub))
			if seen[relFile] || (relFile == p.App.File && p.App.Format != "chalice") || infraFile(d.Name()) {
				return nil
			}
			seen[relFile] = true
			scanSecretFile(p, f, file, relFile)
			return nil
		})
	}
}

func scanSecretFile(p *rule.Pass, f *model.Function, file, rel string) {
	st, err := os.Stat(file)
	if err != nil || st.Size() > maxSecretFile || st.Size() == 0 {
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	matches, _ := p.Options.Secrets.ScanFile(rel, data)
	for _, m := range matches {
		loc := model.Location{File: rel, Line: m.Line, Column: m.Column}
		where := ""
		if m.Member != "" {
			// A member of an archive: the finding points at the archive,
			// where the member's line means nothing, and names the member.
			where = " in " + m.Member + ":" + strconv.Itoa(m.MemberLine)
		}
		sev := finding.High
		if m.Confidence != "high" {
			sev = finding.Medium
		}
		p.Add(rule.Report{
			Loc: loc, Resource: f.ID, Function: f.ID, Key: rel + "|" + m.Kind + "|" + m.Redacted, Severity: &sev,
			Message: m.Description + " (" + m.Redacted + ")" + where + ", in the code of " + f.ID,
		})
	}
}

// infraFile reports whether a file is an application's infrastructure
// definition, which the template rules (SEC001-SEC003) already read.
func infraFile(name string) bool {
	switch name {
	case "serverless.yml", "serverless.yaml", "serverless.json", "template.yaml", "template.yml", "template.json", "samconfig.toml":
		return true
	}
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") || strings.HasSuffix(name, ".tfvars") ||
		strings.HasSuffix(name, ".template.json") || strings.HasSuffix(name, ".template.yaml")
}
