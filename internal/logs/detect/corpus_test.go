package detect

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

// corpusDir is the shared corpus, beside the repository.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: %v", dir, err)
	}
	return dir
}

// idsOf runs the whole catalog, without CI principals, over one input.
func idsOf(t *testing.T, r io.Reader, name string) []string {
	t.Helper()
	e := New(Config{}, All())
	st, err := cloudtrail.Read(r, name, cloudtrail.Options{Want: e.Want}, e.Process)
	if err != nil || st.Malformed > 0 || st.Records == 0 {
		t.Errorf("%s: read %d records, %d malformed %v, err %v", name, st.Records, st.Malformed, st.Samples, err)
	}
	var ids []string
	for _, a := range e.Alerts() {
		if !slices.Contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// stratusWant records which detections each Stratus Red Team detonation
// raises. Techniques about EC2, RDS, Route 53 networking, Bedrock and
// Organizations are outside slsguard's scope and raise none.
var stratusWant = map[string][]string{
	"aws.credential-access.ec2-get-password-data":                 nil,
	"aws.credential-access.ec2-steal-instance-credentials":        {"LOG014"},
	"aws.credential-access.secretsmanager-batch-retrieve-secrets": {"LOG008"},
	"aws.credential-access.secretsmanager-retrieve-secrets":       {"LOG008"},
	"aws.credential-access.ssm-retrieve-securestring-parameters":  {"LOG008"},
	"aws.defense-evasion.cloudtrail-delete":                       {"LOG007"},
	"aws.defense-evasion.cloudtrail-event-selectors":              {"LOG007"},
	"aws.defense-evasion.cloudtrail-stop":                         {"LOG007"},
	"aws.defense-evasion.dns-delete-logs":                         {"LOG007"},
	"aws.defense-evasion.organizations-leave":                     nil,
	"aws.defense-evasion.vpc-remove-flow-logs":                    {"LOG007"},
	"aws.discovery.ec2-download-user-data":                        nil,
	"aws.execution.ec2-launch-unusual-instances":                  nil,
	"aws.execution.ec2-user-data":                                 nil,
	"aws.execution.ssm-send-command":                              {"LOG014"},
	"aws.execution.ssm-start-session":                             {"LOG014"},
	"aws.exfiltration.ec2-security-group-open-port-22-ingress":    nil,
	"aws.exfiltration.ec2-share-ami":                              nil,
	"aws.exfiltration.ec2-share-ebs-snapshot":                     nil,
	"aws.exfiltration.rds-share-snapshot":                         nil,
	"aws.impact.bedrock-invoke-model":                             nil,
	"aws.initial-access.console-login-without-mfa":                {"LOG015"},
	"aws.lateral-movement.ec2-instance-connect":                   nil,
	"aws.lateral-movement.ec2-serial-console-send-ssh-public-key": nil,
	"aws.persistence.iam-backdoor-role":                           {"LOG009"},
	"aws.persistence.iam-backdoor-user":                           {"LOG010"},
	"aws.persistence.iam-create-admin-user":                       {"LOG009", "LOG010", "LOG011"},
	"aws.persistence.iam-create-backdoor-role":                    {"LOG009"},
	"aws.persistence.iam-create-user-login-profile":               {"LOG010"},
	"aws.persistence.lambda-backdoor-function":                    {"LOG001", "LOG003"},
	"aws.persistence.lambda-layer-extension":                      {"LOG001"},
	"aws.persistence.lambda-overwrite-code":                       {"LOG001"},
	"aws.persistence.rolesanywhere-create-trust-anchor":           {"LOG012"},
	"aws.persistence.sts-federation-token":                        {"LOG013"},
	"aws.privilege-escalation.iam-update-user-login-profile":      {"LOG010"},
}

func TestStratusDetonations(t *testing.T) {
	dir := corpusDir(t, "stratus-red-team/docs/detonation-logs")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	got := map[string][]string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		got[strings.TrimSuffix(filepath.Base(f), ".json")] = idsOf(t, fh, f)
		fh.Close()
	}
	if diff := cmp.Diff(stratusWant, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
		t.Errorf("detections per technique (-want +got):\n%s", diff)
	}
}

func TestCloudtrail2Sightings(t *testing.T) {
	dir := corpusDir(t, "cloudtrail2sightings")
	zr, err := zip.OpenReader(filepath.Join(dir, "cloudtrail.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := map[string][]string{
		"aws.credential-access.secretsmanager-retrieve-secrets.json": {"LOG008"},
		"aws.defense-evasion.cloudtrail-delete.json":                 {"LOG007"},
		"aws.execution.ec2-user-data.json":                           nil,
		"aws.exfiltration.ec2-share-ebs-snapshot.json":               nil,
	}
	got := map[string][]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = idsOf(t, rc, f.Name)
		rc.Close()
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
		t.Errorf("detections per delivery file (-want +got):\n%s", diff)
	}
}

func TestOTRF(t *testing.T) {
	dir := corpusDir(t, "otrf-aws/unzipped")
	f, err := os.Open(filepath.Join(dir, "ec2_proxy_s3_exfiltration_2020-09-14011940.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The dataset is EC2 instance credentials used from a laptop to read
	// S3: no Lambda, IAM, CloudTrail, Secrets Manager or SSM activity.
	if got := idsOf(t, f, f.Name()); len(got) != 0 {
		t.Errorf("OTRF EC2/S3 exfiltration raised %v, want none", got)
	}
}
