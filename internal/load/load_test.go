package load

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const cdkTemplate = `{
  "Resources": {
    "HandlerServiceRoleFCDC14AE": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}], "Version": "2012-10-17"},
        "ManagedPolicyArns": [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]}]
      },
      "Metadata": {"aws:cdk:path": "App/Handler/ServiceRole/Resource"}
    },
    "Handler886CB40B": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "abc.zip"},
        "Role": {"Fn::GetAtt": ["HandlerServiceRoleFCDC14AE", "Arn"]},
        "Handler": "index.handler",
        "Runtime": "nodejs22.x"
      },
      "DependsOn": ["HandlerServiceRoleFCDC14AE"]
    },
    "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:H4sI"}}
  }
}`

const plainTemplate = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"

func TestDiscovery(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	files := map[string]string{
		"cdk.out/App.template.json":             cdkTemplate,
		"cdk.out/manifest.json":                 `{"version": "36.0.0"}`,
		"infra/template.yaml":                   plainTemplate,
		"node_modules/pkg/template.yaml":        plainTemplate,
		".aws-sam/build/template.yaml":          plainTemplate,
		"src/package.json":                      `{"name": "x"}`,
		"serverless.yml":                        "service: x\nprovider: {name: aws}\nresources:\n  Resources:\n    Q: {Type: AWS::SQS::Queue}\n",
		"docs/notes.yaml":                       "title: notes\n",
		"skipped/template.yaml":                 plainTemplate,
		"infra/nested/params.json":              `[{"ParameterKey": "A", "ParameterValue": "b"}]`,
		"infra/nested/broken.template.json":     `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {`,
		"infra/nested/other.template":           plainTemplate,
		"infra/nested/empty-resources.yaml":     "AWSTemplateFormatVersion: '2010-09-09'\n",
		"infra/nested/not-a-template-at-all.md": "AWSTemplateFormatVersion",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "template.yaml"), []byte(plainTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "template.yaml"), filepath.Join(dir, "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	res, err := Load([]string{dir}, Options{Skip: []string{"skipped"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Apps {
		got = append(got, a.File+":"+a.Format)
	}
	sort.Strings(got)
	want := []string{"cdk.out/App.template.json:cloudformation", "infra/nested/other.template:cloudformation", "infra/template.yaml:cloudformation", "serverless.yml:serverless"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("applications (-want +got):\n%s", diff)
	}
	var problems []string
	for _, p := range res.Problems {
		problems = append(problems, p.Loc.File)
	}
	if diff := cmp.Diff([]string{"infra/nested/broken.template.json"}, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, res.Problems)
	}
	for _, a := range res.Apps {
		if a.File != "cdk.out/App.template.json" {
			continue
		}
		if len(a.Functions) != 1 || a.Functions[0].Role == nil || a.Functions[0].Role.ID != "HandlerServiceRoleFCDC14AE" {
			t.Errorf("CDK function or its role not resolved: %+v", a.Functions)
		}
	}
}
