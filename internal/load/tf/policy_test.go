package tf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// stmt summarises a statement: effect, actions and resources with the
// line of each.
func stmt(s *model.Statement) string {
	var parts []string
	parts = append(parts, s.Effect.V+"@"+itoa(s.Loc.Line))
	for _, a := range s.Action {
		parts = append(parts, a.V+"@"+itoa(a.Loc.Line))
	}
	for _, a := range s.NotAction {
		parts = append(parts, "not "+a.V+"@"+itoa(a.Loc.Line))
	}
	for _, r := range s.Resource {
		parts = append(parts, "on "+r.Text()+"@"+itoa(r.Loc.Line))
	}
	for _, p := range s.Principal {
		parts = append(parts, "by "+p.Type+":"+p.ID.Text())
	}
	for _, c := range s.Condition {
		parts = append(parts, "if "+c.Operator+" "+c.Key+"="+c.Values[0].V)
	}
	return strings.Join(parts, " ")
}

func roleStatements(t *testing.T, app *model.App, id string) []string {
	t.Helper()
	for _, r := range app.Roles {
		if r.ID == id {
			var out []string
			for _, s := range r.Statements {
				out = append(out, stmt(s))
			}
			for _, m := range r.ManagedPolicies {
				out = append(out, "managed "+m.V)
			}
			return out
		}
	}
	t.Fatalf("no role %s", id)
	return nil
}

const roleSrc = `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`

func TestPolicyForms(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		extra map[string]string
		want  []string
	}{
		{"jsonencode", `resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject",
                  "s3:PutObject"]
      Resource = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}`, nil, []string{"Allow@11 s3:GetObject@13 s3:PutObject@14 on ${aws_s3_bucket.b.arn}/*@15"}},
		{"heredoc", `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.name
  policy = <<EOF
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": ["${aws_s3_bucket.b.arn}", "arn:aws:s3:::logs/*"]
    }
  ]
}
EOF
}`, nil, []string{"Allow@13 s3:*@15 on the arn of aws_s3_bucket.b@16 on arn:aws:s3:::logs/*@16"}},
		{"indented heredoc", `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.name
  policy = <<-EOT
    {"Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}}
  EOT
}`, nil, []string{"Deny@11 not iam:*@11 on *@11"}},
		{"file", `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.name
  policy = file("${path.module}/policy.json")
}`, map[string]string{"policy.json": "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",\n     \"Action\": \"sqs:SendMessage\", \"Resource\": \"*\"}\n  ]\n}\n"},
			[]string{"Allow@3 sqs:SendMessage@4 on *@4"}},
		{"templatefile", `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.name
  policy = templatefile("policy.tpl", { table = "orders" })
}`, map[string]string{"policy.tpl": `{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/${table}"}]}`},
			[]string{"Allow@10 dynamodb:GetItem@10 on arn:aws:dynamodb:*:*:table/orders@10"}},
		{"policy document data source", `data "aws_iam_policy_document" "d" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["s3:*"]
    resources   = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy_attachment" "a" {
  name       = "a"
  roles      = [aws_iam_role.r.name]
  policy_arn = aws_iam_policy.p.arn
}`, nil, []string{
			"Allow@9 s3:GetObject@11 on *@12 by AWS:arn:aws:iam::123456789012:root if Bool aws:SecureTransport=true",
			"Deny@23 not s3:*@25 on *@26"}},
		{"managed attachment", `resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}`, nil, []string{"managed arn:aws:iam::aws:policy/AmazonS3FullAccess"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": roleSrc + tc.src}
			for k, v := range tc.extra {
				files[k] = v
			}
			app := loadSrc(t, files, Options{})
			if diff := cmp.Diff(tc.want, roleStatements(t, app, "aws_iam_role.r")); diff != "" {
				t.Errorf("statements (-want +got):\n%s\nsource:\n%s", diff, tc.src)
			}
		})
	}
}

func TestTrustAndInlineRole(t *testing.T) {
	app := loadSrc(t, map[string]string{"main.tf": `resource "aws_iam_role" "x" {
  name = "x"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  inline_policy {
    name   = "logs"
    policy = jsonencode({ Statement = { Effect = "Allow", Action = "logs:*", Resource = "*" } })
  }
}`}, Options{})
	got := roleStatements(t, app, "aws_iam_role.x")
	want := []string{"Allow@9 logs:*@9 on *@9", "managed arn:aws:iam::aws:policy/ReadOnlyAccess"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	trust := app.Roles[0].Trust
	if len(trust) != 1 || stmt(trust[0]) != "Allow@4 sts:AssumeRole@4 by Service:lambda.amazonaws.com" {
		t.Errorf("trust = %v", stmt(trust[0]))
	}
}
