package sigma

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

func matches(t *testing.T, rules []*Rule, records string) []bool {
	t.Helper()
	m := NewMatcher(rules)
	var hit []bool
	_, err := cloudtrail.Read(strings.NewReader(records), "t", cloudtrail.Options{KeepRaw: true}, func(r *cloudtrail.Record) {
		n := len(m.Alerts())
		m.Process(r)
		hit = append(hit, len(m.Alerts()) > n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Errors()) > 0 {
		t.Errorf("evaluation errors: %v", m.Errors())
	}
	return hit
}

func TestWildcardsAndNull(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "wildcards.yml"))
	r, why := Parse(data, "wildcards.yml")
	if len(why) > 0 {
		t.Fatalf("Parse: %v", why)
	}
	recs := strings.Join([]string{
		`{"eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionCode20150331v2","userAgent":"AWS Internal, console.amazonaws.com"}`,
		`{"eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionCode20150331v2","userAgent":"aws-cli/2"}`,
		`{"eventSource":"lambda.amazonaws.com","eventName":"updatefunctioncode","userAgent":"Console","errorCode":null}`,
		`{"eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionCode","userAgent":"console","errorCode":"AccessDenied"}`,
		`{"eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionConfiguration","userAgent":"console"}`,
	}, "\n")
	want := []bool{true, false, true, false, false}
	if diff := cmp.Diff(want, matches(t, []*Rule{r}, recs)); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
}

func TestUnsupportedReported(t *testing.T) {
	rules, problems, err := LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 1 || rules[0].Title != "Function code changed from a console session" {
		t.Errorf("loaded %d rules, want only wildcards.yml", len(rules))
	}
	var got []string
	for _, p := range problems {
		got = append(got, filepath.Base(p.File)+": "+p.Message)
	}
	want := []string{
		"other-source.yml: log source windows/ is not aws/cloudtrail",
		"unsupported.yml: aggregation in condition not supported; " +
			"search keywords: keyword searches not supported; " +
			"search selection: field userIdentity.arn: modifier fieldref not supported; " +
			"search selection: field requestParameters.userName: modifier exists not supported",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestFlatten(t *testing.T) {
	v := fastjson.MustParse(`{"a":{"b":"x","n":1.5,"t":false,"z":null,"l":["p",{"q":1}]}}`)
	got := Flatten(v)
	want := map[string]any{
		"a": `{"b":"x","n":1.5,"t":false,"z":null,"l":["p",{"q":1}]}`, "a.b": "x", "a.n": "1.5", "a.t": "false",
		"a.z": nil, "a.l": `["p",{"q":1}]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Flatten (-want +got):\n%s", diff)
	}
}

func corpus(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// stratusReference is the reference evaluation of the SigmaHQ CloudTrail
// rules on the Stratus Red Team detonations, worked out by hand from each
// rule's detection and the records: rule file -> techniques it matches.
// Every other loaded rule matches none, for these reasons among others:
// console_login_failed_authentication needs errorMessage "Failed
// authentication" (the sign-in succeeded); ec2_startup_script_change
// needs requestParameters.attribute = userData (the record carries a
// userData key instead); the S3 Browser and TruffleHog rules need their
// user agents; the rules for other services see none of their events.
var stratusReference = map[string][]string{
	"aws_cloudtrail_console_login_success_without_mfa.yml": {"aws.initial-access.console-login-without-mfa"},
	// StopLogging and DeleteTrail are in its list; PutEventSelectors is not.
	"aws_cloudtrail_disable_logging.yml":                      {"aws.defense-evasion.cloudtrail-delete", "aws.defense-evasion.cloudtrail-stop"},
	"aws_cloudtrail_security_group_change_ingress_egress.yml": {"aws.exfiltration.ec2-security-group-open-port-22-ingress"},
	// SendCommand without errorCode.
	"aws_cloudtrail_ssm_malicious_usage.yml":   {"aws.credential-access.ec2-steal-instance-credentials", "aws.execution.ssm-send-command"},
	"aws_cloudtrail_vpc_flow_logs_deleted.yml": {"aws.defense-evasion.vpc-remove-flow-logs"},
	// Its filter compares userIdentity.arn with the literal text
	// "responseElements.accessKey.userName" (it was meant as a field
	// reference), so every CreateAccessKey matches.
	"aws_iam_backdoor_users_keys.yml": {"aws.persistence.iam-backdoor-user", "aws.persistence.iam-create-admin-user"},
	// requestParameters.layers|contains: '*' is "has layers".
	"aws_new_lambda_layer_attached.yml":    {"aws.persistence.lambda-layer-extension"},
	"aws_snapshot_backup_exfiltration.yml": {"aws.exfiltration.ec2-share-ebs-snapshot"},
	// Every file with an AssumedRole identity whose issuer is a Role.
	"aws_sts_assumerole_misuse.yml": {
		"aws.credential-access.ec2-get-password-data", "aws.credential-access.ec2-steal-instance-credentials",
		"aws.defense-evasion.organizations-leave", "aws.discovery.ec2-download-user-data",
		"aws.execution.ec2-launch-unusual-instances", "aws.impact.bedrock-invoke-model",
		"aws.lateral-movement.ec2-serial-console-send-ssh-public-key",
	},
}

func TestSigmaHQOnStratus(t *testing.T) {
	rulesDir := corpus(t, "sigma-aws/rules/cloud/aws/cloudtrail")
	logs := corpus(t, "stratus-red-team/docs/detonation-logs")
	rules, problems, err := LoadDir(rulesDir)
	if err != nil {
		t.Fatal(err)
	}
	// 57 rules: one uses fieldref, which sigma-go lacks.
	if len(rules) != 56 || len(problems) != 1 || filepath.Base(problems[0].File) != "aws_update_login_profile.yml" ||
		!strings.Contains(problems[0].Message, "modifier fieldref not supported") {
		t.Fatalf("loaded %d rules, problems %v; want 56 and the fieldref one", len(rules), problems)
	}
	byID := map[string]string{}
	for _, r := range rules {
		byID["SIGMA:"+r.ID] = filepath.Base(r.File)
	}
	files, _ := filepath.Glob(filepath.Join(logs, "*.json"))
	got := map[string][]string{}
	for _, f := range files {
		m := NewMatcher(rules)
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cloudtrail.Read(fh, f, cloudtrail.Options{KeepRaw: true}, m.Process); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		if len(m.Errors()) > 0 {
			t.Errorf("%s: evaluation errors %v", f, m.Errors())
		}
		tech := strings.TrimSuffix(filepath.Base(f), ".json")
		for _, a := range m.Alerts() {
			if r := byID[a.ID]; !slices.Contains(got[r], tech) {
				got[r] = append(got[r], tech)
			}
		}
	}
	for _, v := range got {
		sort.Strings(v)
	}
	if diff := cmp.Diff(stratusReference, got); diff != "" {
		t.Errorf("rule -> techniques (-want +got):\n%s", diff)
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"wildcards.yml", "unsupported.yml", "other-source.yml"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, why := Parse(data, "f")
		if r == nil && len(why) == 0 {
			t.Fatal("no rule and no reason")
		}
		if r != nil {
			m := NewMatcher([]*Rule{r})
			rec := cloudtrail.Record{EventName: "X", Raw: []byte(`{"eventName":"X","a":{"b":null}}`)}
			m.Process(&rec)
		}
	})
}

func TestPrefilter(t *testing.T) {
	rule := func(det string) *Rule {
		t.Helper()
		r, why := Parse([]byte("title: t\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n"+det), "t")
		if len(why) > 0 {
			t.Fatal(why)
		}
		return r
	}
	tests := []struct {
		det  string
		want []string // nil: every event name
	}{
		{"    sel:\n        eventName: StopLogging\n    condition: sel\n", []string{"stoplogging"}},
		{"    a:\n        eventName: [A, B]\n    f:\n        userAgent: x\n    condition: a and not f\n", []string{"a", "b"}},
		{"    s_1:\n        eventName: A\n    s_2:\n        eventName: B\n    condition: 1 of s_*\n", []string{"a", "b"}},
		{"    s_1:\n        eventName: A\n    s_2:\n        eventSource: x\n    condition: 1 of s_*\n", nil},
		{"    sel:\n        eventName|startswith: Update\n    condition: sel\n", nil},
		{"    a:\n        eventName: A\n    b:\n        eventSource: s\n    condition: a or b\n", nil},
		{"    a:\n        eventName: A\n    condition: not a\n", nil},
	}
	for _, tc := range tests {
		var got []string
		for n := range rule(tc.det).names {
			got = append(got, n)
		}
		sort.Strings(got)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.det, diff)
		}
	}
}
