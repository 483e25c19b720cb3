package rules

import (
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/rule"
)

// CODE001 reports command-injection issues the code audit finds in functions' code.
var CODE001 = &rule.Rule{
	ID:          "CODE001",
	Title:       "Event data reaches an operating-system command",
	Severity:    finding.Critical,
	Category:    "code",
	Rationale:   "Event fields passed to a shell (child_process.exec, subprocess with shell=True, os.system) let whoever controls the event run commands inside the function, with its role's permissions and its environment's credentials. In serverless the event may be an S3 object key, a queue message or an e-mail subject, not only a query string.",
	Remediation: "Do not build shell commands from event data: call the program directly with an argument list (execFile/spawn without a shell, subprocess.run([...]) without shell=True), and validate the values against an allow-list.",
	References: []string{
		"https://cwe.mitre.org/data/definitions/78.html",
		"https://owasp.org/www-project-serverless-top-10/",
	},
	Formats: []string{"sam"},
	Check:   codeRule("command-injection"),
}
