package cfn

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileInput checks that inputs built to exhaust a parser end in a
// clear error, quickly.
func TestHostileInput(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := 0; i < 9; i++ {
		name := fmt.Sprintf("l%d", i)
		bomb += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	bomb += "Resources: {F: {Type: AWS::Lambda::Function, Properties: {Layers: *" + prev + "}}}\n"

	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	deepMap := "Resources:\n" + strings.Repeat(" x: {", 1) + strings.Repeat("a: {", 5000) + strings.Repeat("}", 5001) + "\n"

	big := "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + strings.Repeat("# padding line to make the file large enough\n", MaxFileSize/40)

	tests := []struct {
		name, src, wantErr string
	}{
		{"alias bomb", bomb, "alias bomb"},
		{"deep flow sequence", deep, ""},
		{"deep mapping", deepMap, ""},
		{"over size limit", big, "file too large"},
		{"not a mapping", "- a\n- b\n", "mapping"},
		{"no resources", "AWSTemplateFormatVersion: '2010-09-09'\n", "no Resources"},
		{"broken yaml", "Resources:\n  A: [\n", "invalid YAML"},
		{"duplicate key", "Resources:\n  A: {Type: AWS::SQS::Queue}\n  A: {Type: AWS::SQS::Queue}\n", "duplicate key"},
	}
	for _, tc := range tests {
		_, _, err := Load("hostile.yaml", []byte(tc.src), Options{})
		if err == nil {
			t.Errorf("%s: Load succeeded, want an error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), "hostile.yaml") {
			t.Errorf("%s: error %q does not name the file", tc.name, err)
		}
		if tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: error %q, want it to mention %q", tc.name, err, tc.wantErr)
		}
	}
}

func TestSelfReferentialConditions(t *testing.T) {
	src := `Resources:
  Q:
    Type: AWS::SQS::Queue
    Condition: A
Conditions:
  A: !Condition B
  B: !Not [!Condition A]
`
	app, _, err := Load("c.yaml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(app.Stores) != 1 {
		t.Errorf("a queue under an undecidable condition should be kept, got %d stores", len(app.Stores))
	}
}

func FuzzLoad(f *testing.F) {
	// The rule fixtures are realistic templates of every shape the loader
	// reads.
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "rules", "testdata", "*", "*.yaml"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(samApp))
	f.Add([]byte("Resources: {F: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: Api}}}}}"))
	f.Add([]byte(`{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": {"Fn::Sub": "${A.B}"}}]}}]}}}}`))
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Environment: {Variables: {A: !If [c, !Ref x, !GetAtt y.z]}}}}\nResources: {F: {Type: AWS::Serverless::Function, Properties: {Policies: [{S3ReadPolicy: {BucketName: !Select [9, [a]]}}]}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		app, _, err := Load("fuzz.yaml", data, Options{})
		if err == nil && app == nil {
			t.Fatal("nil app without error")
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("loader panicked: %v", err)
		}
	})
}
