package code

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPropagation covers flows through keyword arguments, mutated
// containers, Go method handlers and lookups in constant tables.
func TestPropagation(t *testing.T) {
	tests := []struct {
		name, path, entry string
		src               []string
		want              []lineClass
	}{
		{"python keyword argument to a same-file function", "app.py", "handler", []string{
			"import os",
			"def run_cmd(cmd):",
			"    os.system(cmd)",
			"def handler(event, context):",
			"    run_cmd(cmd='echo ' + event['body'])",
		}, []lineClass{{3, ClassCommandInjection}}},
		{"python keyword argument after a default", "app.py", "handler", []string{
			"import subprocess",
			"def convert(src, dst='out.png'):",
			"    subprocess.run(f'convert {src} {dst}', shell=True)",
			"def handler(event, context):",
			"    convert(dst=event['body'])",
		}, []lineClass{{3, ClassCommandInjection}}},
		{"python keyword argument naming a clean parameter", "app.py", "handler", []string{
			"import os",
			"def run_cmd(cmd, note=''):",
			"    os.system(cmd)",
			"def handler(event, context):",
			"    run_cmd('ls', note=event['body'])",
		}, nil},
		{"python keyword argument of a library call", "app.py", "handler", []string{
			"from xml.dom import minidom",
			"import boto3",
			"s3 = boto3.client('s3')",
			"def handler(event, context):",
			"    obj = s3.get_object(Bucket='b', Key=event['Records'][0]['s3']['object']['key'])",
			"    minidom.parseString(obj['Body'].read())",
		}, []lineClass{{6, ClassXXE}}},
		{"python lookup in a constant table", "app.py", "handler", []string{
			"SORTS = {'name': 'name', 'created': 'created_at'}",
			"def handler(event, context):",
			"    column = SORTS.get(event['sort'], 'name')",
			"    cur.execute(f'SELECT * FROM t ORDER BY {column}')",
		}, nil},
		{"python lookup with a tainted default", "app.py", "handler", []string{
			"SORTS = {'name': 'name'}",
			"def handler(event, context):",
			"    column = SORTS.get('x', event['sort'])",
			"    cur.execute(f'SELECT * FROM t ORDER BY {column}')",
		}, []lineClass{{4, ClassSQLInjection}}},
		{"python lookup in a table that is not constant", "app.py", "handler", []string{
			"SORTS = {'name': name_of()}",
			"def handler(event, context):",
			"    column = SORTS.get(event['sort'], 'name')",
			"    cur.execute(f'SELECT * FROM t ORDER BY {column}')",
		}, []lineClass{{4, ClassSQLInjection}}},
		{"python table rebound at module level", "app.py", "handler", []string{
			"SORTS = {'name': 'name'}",
			"SORTS = load()",
			"def handler(event, context):",
			"    column = SORTS.get(event['sort'], 'name')",
			"    cur.execute(f'SELECT * FROM t ORDER BY {column}')",
		}, []lineClass{{5, ClassSQLInjection}}},
		{"python append", "app.py", "handler", []string{
			"import os",
			"def handler(event, context):",
			"    parts = []",
			"    parts.append(event['body'])",
			"    os.system(' '.join(parts))",
		}, []lineClass{{5, ClassCommandInjection}}},
		{"js push", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  const parts = [];",
			"  parts.push(event.body);",
			"  exec(parts.join(' '));",
			"};",
		}, []lineClass{{5, ClassCommandInjection}}},
		{"js splice stores only its items", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  const parts = ['ls'];",
			"  parts.splice(event.n, 0, '-l');",
			"  exec(parts.join(' '));",
			"  parts.splice(0, 0, event.body);",
			"  exec(parts.join(' '));",
			"};",
		}, []lineClass{{7, ClassCommandInjection}}},
		{"js Object.assign", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  const opts = {};",
			"  Object.assign(opts, { dir: event.dir });",
			"  exec('ls ' + opts.dir);",
			"};",
		}, []lineClass{{5, ClassCommandInjection}}},
		{"js subscript assignment", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  const args = {};",
			"  args['d'] = event.dir;",
			"  exec('ls ' + args.d);",
			"};",
		}, []lineClass{{5, ClassCommandInjection}}},
		{"js concat assigned back", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  let parts = ['ls'];",
			"  parts = parts.concat([event.dir]);",
			"  exec(parts.join(' '));",
			"};",
		}, []lineClass{{5, ClassCommandInjection}}},
		{"js push of clean data", "index.js", "handler", []string{
			"const { exec } = require('child_process');",
			"exports.handler = async (event) => {",
			"  const parts = [];",
			"  parts.push('-l');",
			"  exec(parts.join(' '));",
			"};",
		}, nil},
		{"go method handler given to lambda.Start", "main.go", "", []string{
			"package main",
			"import (",
			"\t\"context\"",
			"\t\"os/exec\"",
			"\t\"github.com/aws/aws-lambda-go/events\"",
			"\t\"github.com/aws/aws-lambda-go/lambda\"",
			")",
			"type app struct{}",
			"func (a *app) handle(ctx context.Context, event events.SQSEvent) error {",
			"\treturn exec.Command(\"sh\", \"-c\", event.Records[0].Body).Run()",
			"}",
			"func (a *app) other(ctx context.Context, event events.SQSEvent) error {",
			"\treturn exec.Command(\"sh\", \"-c\", event.Records[0].Body).Run()",
			"}",
			"func main() { a := &app{}; lambda.Start(a.handle) }",
		}, []lineClass{{10, ClassCommandInjection}}},
		{"go exported method handler found by shape", "main.go", "", []string{
			"package main",
			"import (",
			"\t\"os/exec\"",
			"\t\"github.com/aws/aws-lambda-go/events\"",
			")",
			"type H struct{}",
			"func (h H) Handle(event events.SQSEvent) error {",
			"\treturn exec.Command(\"sh\", \"-c\", event.Records[0].Body).Run()",
			"}",
		}, []lineClass{{8, ClassCommandInjection}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issues, err := AnalyzeFile(tt.path, []byte(strings.Join(tt.src, "\n")+"\n"), tt.entry)
			if err != nil {
				t.Fatal(err)
			}
			var got []lineClass
			for _, is := range issues {
				got = append(got, lineClass{is.Line, is.Class})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("issues differ (-want +got):\n%s", diff)
			}
		})
	}
}
