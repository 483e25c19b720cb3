package cfn

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// evalEnv loads a template whose function has one environment variable V
// set to expr, and returns V's resolved value.
func evalEnv(t *testing.T, extra, expr string, opts Options) model.String {
	t.Helper()
	src := "AWSTemplateFormatVersion: '2010-09-09'\n" + extra + `
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/r
      Environment:
        Variables:
          V: ` + expr + "\n"
	app, probs, err := Load("t.yaml", []byte(src), opts)
	if err != nil {
		t.Fatalf("Load(%q): %v", expr, err)
	}
	for _, p := range probs {
		t.Errorf("problem: %v", p)
	}
	if len(app.Functions) != 1 || len(app.Functions[0].Env) != 1 {
		t.Fatalf("Load(%q): no function or variable", expr)
	}
	return app.Functions[0].Env[0].Value
}

func TestIntrinsics(t *testing.T) {
	params := `
Parameters:
  Stage:
    Type: String
    Default: prod
  Subnets:
    Type: CommaDelimitedList
    Default: "a, b,c"
  NoDefault:
    Type: String
Mappings:
  Sizes:
    prod:
      mem: "1024"
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Unknown: !Equals [!Ref NoDefault, x]
`
	tests := []struct {
		expr       string
		want       string
		unresolved bool
		opts       Options
	}{
		{expr: "plain", want: "plain"},
		{expr: "!Ref Stage", want: "prod"},
		{expr: `{"Ref": "Stage"}`, want: "prod"},
		{expr: "!Ref Stage", want: "dev", opts: Options{Params: map[string]string{"Stage": "dev"}}},
		{expr: "!Ref NoDefault", want: "${NoDefault}", unresolved: true},
		{expr: "!Ref Table", want: "${Table}", unresolved: true},
		{expr: "!GetAtt Table.Arn", want: "${Table.Arn}", unresolved: true},
		{expr: "!GetAtt [Table, StreamArn]", want: "${Table.StreamArn}", unresolved: true},
		{expr: "!Sub 'app-${Stage}'", want: "app-prod"},
		{expr: "!Sub 'arn:aws:s3:::${!Literal}'", want: "arn:aws:s3:::${Literal}"},
		{expr: "!Sub ['${A}-${Stage}', {A: x}]", want: "x-prod"},
		{expr: "!Sub '${AWS::Region}'", want: "eu-west-1", opts: Options{Region: "eu-west-1"}},
		{expr: "!Sub 'arn:${AWS::Partition}:dynamodb:::table/${Table}'", want: "arn:${AWS::Partition}:dynamodb:::table/${Table}", unresolved: true},
		{expr: "!Join [':', [a, !Ref Stage, c]]", want: "a:prod:c"},
		{expr: "!Select [1, [x, y, z]]", want: "y"},
		{expr: "!Select [2, !Ref Subnets]", want: "c"},
		{expr: "!Select [0, !Split [',', 'p,q']]", want: "p"},
		{expr: "!If [IsProd, big, small]", want: "big"},
		{expr: "!If [NotProd, big, small]", want: "small"},
		{expr: "!If [Both, yes, no]", want: "yes"},
		{expr: "!If [Unknown, first, second]", want: "first"},
		{expr: "!FindInMap [Sizes, !Ref Stage, mem]", want: "1024"},
		{expr: "!FindInMap [Sizes, dev, mem, {DefaultValue: '128'}]", want: "128"},
		{expr: "!ImportValue shared-table", want: "${the value exported as \"shared-table\"}", unresolved: true},
		{expr: "!Base64 hello", want: "hello", unresolved: true},
		{expr: "!GetAZs ''", want: "${the availability zones of the region}", unresolved: true},
	}
	for _, tc := range tests {
		got := evalEnv(t, params, tc.expr, tc.opts)
		if got.V != tc.want || (got.Origin == model.Unresolved) != tc.unresolved {
			t.Errorf("eval(%q) = %q (origin %s), want %q (unresolved %v)", tc.expr, got.V, got.Origin, tc.want, tc.unresolved)
		}
		if want := 13 + countLines(params); got.Loc.Line != want {
			t.Errorf("eval(%q) at line %d, want %d (where the property is written)", tc.expr, got.Loc.Line, want)
		}
	}
}

func countLines(s string) int {
	n := 0
	for _, c := range s {
		if c == '\n' {
			n++
		}
	}
	return n
}

func TestNoValueRemovesProperty(t *testing.T) {
	src := `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Off: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Role: arn:aws:iam::123456789012:role/r
      ReservedConcurrentExecutions: !If [Off, 5, !Ref AWS::NoValue]
      Environment:
        Variables:
          KEEP: x
          DROP: !Ref AWS::NoValue
  Gone:
    Type: AWS::Lambda::Function
    Condition: Off
    Properties:
      Runtime: python3.13
`
	app, _, err := Load("t.yaml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(app.Functions) != 1 {
		t.Fatalf("got %d functions, want 1 (a resource whose condition is false does not exist)", len(app.Functions))
	}
	f := app.Functions[0]
	if f.ReservedConcurrency.Origin != model.Unset {
		t.Errorf("ReservedConcurrency = %+v, want unset (AWS::NoValue)", f.ReservedConcurrency)
	}
	var names []string
	for _, e := range f.Env {
		names = append(names, e.Name.V)
	}
	if diff := cmp.Diff([]string{"KEEP"}, names); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
}
