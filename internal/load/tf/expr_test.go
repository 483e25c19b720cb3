package tf

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVariablesAndExpressions(t *testing.T) {
	vars := `
variable "runtime" {
  type    = string
  default = "python3.11"
}
variable "enabled" {
  type    = bool
  default = false
}
variable "memory" {
  type = number
}
variable "suffix" {}
locals {
  name    = "orders-${var.suffix}"
  env     = { STAGE = "prod", NAME = local.name }
  timeout = var.enabled ? 60 : 30
}
resource "aws_lambda_function" "f" {
  function_name = local.name
  runtime       = var.runtime
  memory_size   = var.memory
  timeout       = local.timeout
  handler       = format("%s.%s", "app", lower("HANDLER"))
  environment {
    variables = merge(local.env, { EXTRA = join(",", ["a", "b"]) })
  }
}
`
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  []string
	}{
		{"defaults and unknowns", map[string]string{"main.tf": vars}, Options{},
			[]string{"name=the variable suffix/unresolved", "runtime=python3.11", "memory=the variable memory/unresolved", "timeout=30", "handler=app.handler",
				"env=EXTRA=a,b NAME=<unresolved> STAGE=prod"}},
		{"terraform.tfvars then auto.tfvars", map[string]string{"main.tf": vars,
			"terraform.tfvars": "runtime = \"python3.9\"\nsuffix = \"dev\"\n", "b.auto.tfvars": "runtime = \"python3.13\"\n"}, Options{},
			[]string{"name=orders-dev", "runtime=python3.13", "memory=the variable memory/unresolved", "timeout=30", "handler=app.handler",
				"env=EXTRA=a,b NAME=orders-dev STAGE=prod"}},
		{"explicit values win", map[string]string{"main.tf": vars, "terraform.tfvars": "runtime = \"python3.9\"\n"},
			Options{Vars: map[string]string{"runtime": "nodejs22.x", "enabled": "true", "memory": "512", "suffix": "x"}},
			[]string{"name=orders-x", "runtime=nodejs22.x", "memory=512", "timeout=60", "handler=app.handler",
				"env=EXTRA=a,b NAME=orders-x STAGE=prod"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := loadSrc(t, tc.files, tc.opts)
			f := fn(t, app, "f")
			var env []string
			for _, e := range f.Env {
				v := e.Value.V
				if !e.Value.Known() {
					v = "<" + e.Value.Origin.String() + ">"
				}
				env = append(env, e.Name.V+"="+v)
			}
			show := func(k string, s sv) string {
				if s.Origin != "explicit" && s.Origin != "default" {
					return k + "=" + s.V + "/" + s.Origin
				}
				return k + "=" + s.V
			}
			got := []string{show("name", summary(f.Name)), show("runtime", summary(f.Runtime)), show("memory", summary(f.Memory)),
				show("timeout", summary(f.Timeout)), show("handler", summary(f.Handler)), "env=" + strings.Join(env, " ")}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCountAndForEach(t *testing.T) {
	src := `
variable "create" {
  type    = bool
  default = false
}
resource "aws_lambda_function" "maybe" {
  count         = var.create ? 1 : 0
  function_name = "maybe"
}
resource "aws_lambda_function" "many" {
  count         = 2
  function_name = "many-${count.index}"
}
resource "aws_lambda_function" "each" {
  for_each      = { a = "python3.12", b = "nodejs22.x" }
  function_name = "each-${each.key}"
  runtime       = each.value
}
resource "aws_lambda_function" "unknown" {
  count         = length(aws_s3_bucket.b.tags_all)
  function_name = "unknown"
}
resource "aws_s3_bucket" "b" {}
`
	tests := []struct {
		vars map[string]string
		want []string
	}{
		{nil, []string{"many[0]:many-0", "many[1]:many-1", `each["a"]:each-a:python3.12`, `each["b"]:each-b:nodejs22.x`, "unknown[0]:unknown"}},
		{map[string]string{"create": "true"}, []string{"maybe[0]:maybe", "many[0]:many-0", "many[1]:many-1", `each["a"]:each-a:python3.12`, `each["b"]:each-b:nodejs22.x`, "unknown[0]:unknown"}},
	}
	for _, tc := range tests {
		app := loadSrc(t, map[string]string{"main.tf": src}, Options{Vars: tc.vars})
		var got []string
		for _, f := range app.Functions {
			s := f.ID + ":" + f.Name.V
			if f.Runtime.V != "" {
				s += ":" + f.Runtime.V
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("vars %v: functions (-want +got):\n%s", tc.vars, diff)
		}
	}
}

func TestDynamicBlocks(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `
variable "subnets" {
  default = ["subnet-1", "subnet-2"]
}
resource "aws_lambda_function" "f" {
  dynamic "vpc_config" {
    for_each = length(var.subnets) > 0 ? [1] : []
    content {
      subnet_ids         = var.subnets
      security_group_ids = ["sg-1"]
    }
  }
  dynamic "dead_letter_config" {
    for_each = []
    content {
      target_arn = "never"
    }
  }
}
`}, Options{})
	f := fn(t, app, "f")
	if f.VPC == nil || len(f.VPC.SubnetIDs) != 2 || f.VPC.SubnetIDs[1].V != "subnet-2" {
		t.Errorf("VPC = %+v, want two subnets from the dynamic block", f.VPC)
	}
	if f.DeadLetter.Origin != 0 {
		t.Errorf("DeadLetter = %+v, want unset (empty dynamic block)", f.DeadLetter)
	}
}

func TestParameters(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "db_password" {
  type      = string
  sensitive = true
}
variable "stage" {
  default = "dev"
}
variable "region" {
  default = "eu-west-1"
}`,
		"terraform.tfvars": "db_password = \"from-file\"\nstage = \"prod\"\n",
	}
	app := loadSrc(t, files, Options{Vars: map[string]string{"stage": "cli"}})
	var got []string
	for _, p := range app.Parameters {
		got = append(got, p.Name+"="+p.Default.Text()+"@"+p.Default.Loc.String()+" noEcho="+strconv.FormatBool(p.NoEcho))
	}
	want := []string{
		"db_password=from-file@terraform.tfvars:1:15 noEcho=true",
		"stage=dev@main.tf:6:13 noEcho=false",
		"region=eu-west-1@main.tf:9:13 noEcho=false",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parameters (-want +got):\n%s", diff)
	}
}
