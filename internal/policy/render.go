package policy

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats of Render.
var Formats = []string{"json", "sam", "serverless", "terraform"}

// Render writes the minimal policy of each function in a format: an IAM
// JSON document per function, SAM Policies, Serverless
// iam.role.statements, or a Terraform aws_iam_policy_document.
func Render(w io.Writer, format string, as []*Analysis) error {
	switch format {
	case "json":
		return renderJSON(w, as)
	case "sam":
		return renderSAM(w, as)
	case "serverless":
		return renderServerless(w, as)
	case "terraform":
		return renderTerraform(w, as)
	}
	return fmt.Errorf("format %q: want one of %s", format, strings.Join(Formats, ", "))
}

type jsonStatement struct {
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

type jsonDocument struct {
	Version   string          `json:"Version"`
	Statement []jsonStatement `json:"Statement"`
}

func renderJSON(w io.Writer, as []*Analysis) error {
	type entry struct {
		Function string       `json:"function"`
		Role     string       `json:"role,omitempty"`
		Status   Status       `json:"status"`
		Partial  []string     `json:"partial,omitempty"`
		Policy   jsonDocument `json:"policy"`
		// Notes explain "*" resources and assumptions of the policy.
		Notes []string `json:"notes,omitempty"`
		// The comparison with the role: granted actions, those never
		// used, the needs it does not allow.
		Granted        int      `json:"grantedActions"`
		Unused         []string `json:"unusedActions,omitempty"`
		OverPermission float64  `json:"overPermission"`
		Missing        []string `json:"missing,omitempty"`
	}
	out := []entry{}
	for _, a := range as {
		e := entry{Function: a.Name, Role: a.Role, Status: a.Status, Partial: a.Partial, Granted: a.Granted,
			OverPermission: a.OverPermission, Policy: jsonDocument{Version: "2012-10-17", Statement: []jsonStatement{}}}
		for _, s := range a.Minimal() {
			e.Policy.Statement = append(e.Policy.Statement, jsonStatement{Effect: "Allow", Action: s.Actions, Resource: displayAll(s.Resources)})
			e.Notes = append(e.Notes, s.Notes...)
		}
		if a.Reportable() {
			e.Unused = a.ReportableUnused()
			for _, m := range a.Missing {
				e.Missing = append(e.Missing, m.Action+" on "+Display(m.Resource)+" ("+strings.Join(m.Why, ", ")+")")
			}
		}
		out = append(out, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// yamlString quotes a resource for YAML, as a !Sub when it has
// placeholders.
func yamlString(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, "${") {
		return "!Sub " + q
	}
	return q
}

func header(w io.Writer, a *Analysis) {
	fmt.Fprintf(w, "# %s (%s)\n", a.Name, a.Status)
	for _, p := range a.Partial {
		fmt.Fprintf(w, "#   incomplete: %s\n", p)
	}
}

func renderSAM(w io.Writer, as []*Analysis) error {
	for _, a := range as {
		header(w, a)
		fmt.Fprintf(w, "%s:\n  Properties:\n    Policies:\n", a.Name)
		var custom []Statement
		for _, s := range a.Minimal() {
			if s.Runtime {
				continue // SAM attaches the runtime's managed policies itself
			}
			if name, param, arg, ok := SAMTemplate(s); ok {
				fmt.Fprintf(w, "      - %s:\n          %s: %s\n", name, param, arg)
				continue
			}
			custom = append(custom, s)
		}
		if len(custom) > 0 {
			fmt.Fprintf(w, "      - Version: '2012-10-17'\n        Statement:\n")
			writeYAMLStatements(w, "          ", custom)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func writeYAMLStatements(w io.Writer, ind string, sts []Statement) {
	for _, s := range sts {
		fmt.Fprintf(w, "%s- Effect: Allow\n%s  Action:\n", ind, ind)
		for _, act := range s.Actions {
			fmt.Fprintf(w, "%s    - %s\n", ind, act)
		}
		fmt.Fprintf(w, "%s  Resource:\n", ind)
		for _, r := range s.Resources {
			fmt.Fprintf(w, "%s    - %s\n", ind, yamlString(Display(r)))
		}
	}
}

func renderServerless(w io.Writer, as []*Analysis) error {
	for _, a := range as {
		header(w, a)
		fmt.Fprintf(w, "provider:\n  iam:\n    role:\n      statements:\n")
		writeYAMLStatements(w, "        ", a.Minimal())
		fmt.Fprintln(w)
	}
	return nil
}

// terraformRef rewrites CloudFormation pseudo parameters for Terraform.
var terraformRef = strings.NewReplacer(
	"${AWS::Partition}", "${data.aws_partition.current.partition}",
	"${AWS::Region}", "${data.aws_region.current.name}",
	"${AWS::AccountId}", "${data.aws_caller_identity.current.account_id}",
	"${AWS::StackName}", "*",
)

func renderTerraform(w io.Writer, as []*Analysis) error {
	for _, a := range as {
		header(w, a)
		fmt.Fprintf(w, "data \"aws_iam_policy_document\" %q {\n", tfName(a.Name))
		for _, s := range a.Minimal() {
			fmt.Fprintf(w, "  statement {\n    effect    = \"Allow\"\n    actions   = [%s]\n    resources = [%s]\n  }\n",
				quoteList(s.Actions, nil), quoteList(displayAll(s.Resources), terraformRef))
		}
		fmt.Fprintf(w, "}\n\n")
	}
	return nil
}

func quoteList(ss []string, r *strings.Replacer) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		if r != nil {
			s = r.Replace(s)
		}
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func tfName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func displayAll(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = Display(r)
	}
	return out
}
