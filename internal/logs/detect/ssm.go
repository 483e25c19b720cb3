package detect

import (
	"fmt"

	"github.com/slsguard/slsguard/internal/finding"
)

// LOG014 catches interactive or scripted execution on instances through
// Systems Manager, which bypasses SSH keys and security groups.
var ssmExecution = &Detection{
	ID:       "LOG014",
	Title:    "Commands run on instances through SSM outside automation",
	Severity: finding.Medium,
	Rationale: "ssm:SendCommand and ssm:StartSession run arbitrary commands as root on managed instances; " +
		"attackers use them to execute code and to read instance credentials from the metadata service.",
	Remediation: "Confirm the command or session was expected; restrict ssm:SendCommand and ssm:StartSession " +
		"to operators and automation roles, and log session content.",
	References: []string{
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-send-command/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-start-session/",
		"https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-steal-instance-credentials/",
	},
	Events:  []string{"SendCommand", "StartSession", "ResumeSession"},
	Details: true,
	New: stateless(func(p *Pass) {
		r := p.Rec
		if failed(r) || r.EventSource != "ssm.amazonaws.com" || isCI(p.Config, r) {
			return
		}
		if len(p.Config.CIPrincipals) == 0 && !isHuman(r) {
			return // automation (patching, Ansible) runs with roles
		}
		target := param(r, "target")
		if target == "" {
			if v := paramValue(r); v != nil {
				for _, id := range v.GetArray("instanceIds") {
					target += string(id.GetStringBytes()) + " "
				}
			}
			target += param(r, "documentName")
		}
		p.Report(fmt.Sprintf("%s (%s) by %s from %s", p.Name, target, principal(r), r.SourceIP))
	}),
}
