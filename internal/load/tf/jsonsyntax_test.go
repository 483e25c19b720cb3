package tf

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSONSyntax loads a configuration in Terraform's JSON syntax, as CDK
// for Terraform writes it.
func TestJSONSyntax(t *testing.T) {
	dir := filepath.Join("testdata", "cdktf")
	app, problems, err := LoadModule(dir, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("problem: %v", p)
	}
	want := []string{"thumb python3.12 thumb.handler mem=128 timeout=30 env=BUCKET,API_TOKEN triggers=[function-url] role=[s3:* s3:GetObject] url=NONE cors=*"}
	if diff := cmp.Diff(want, describe(app)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	f := fn(t, app, "thumb")
	var env []string
	for _, e := range f.Env {
		env = append(env, e.Name.V+"="+e.Value.Text()+"@"+e.Value.Loc.String())
	}
	wantEnv := []string{
		"BUCKET=thumbs-images@cdk.tf.json:51:36",
		"API_TOKEN=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@cdk.tf.json:51:82",
	}
	if diff := cmp.Diff(wantEnv, env); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	if got := summary(f.Runtime); got != (sv{"python3.12", "explicit", 46, ""}) {
		t.Errorf("runtime = %+v, want python3.12 at line 46", got)
	}
	if app.Region.V != "eu-west-1" || len(app.Roles) != 1 || len(app.Roles[0].Trust) != 1 {
		t.Errorf("region %q, roles %d: want eu-west-1 and one role with its trust policy", app.Region.V, len(app.Roles))
	}
}
