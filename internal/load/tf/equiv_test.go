package tf

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/model"
)

// describe summarises what the equivalence apps promise in every input
// format: functions with runtime, handler, limits, environment, triggers
// and the actions of their role.
func describe(app *model.App) []string {
	var out []string
	for _, f := range app.Functions {
		var env, trig, acts []string
		for _, e := range f.Env {
			env = append(env, e.Name.V)
		}
		for _, t := range f.Triggers {
			s := string(t.Kind)
			if t.Route != nil {
				s += " " + t.Route.Method.V + " " + t.Route.Path.V + " auth=" + t.Route.Auth.V
			}
			if t.Kind == model.TriggerSchedule {
				s += " " + t.Source.V
			}
			trig = append(trig, s)
		}
		if f.Role != nil {
			for _, st := range f.Role.Statements {
				for _, a := range st.Action {
					acts = append(acts, a.V)
				}
			}
			for _, m := range f.Role.ManagedPolicies {
				acts = append(acts, "managed "+managed(m.V))
			}
		}
		sort.Strings(trig)
		sort.Strings(acts)
		line := f.ID + " " + f.Runtime.V + " " + f.Handler.V + " mem=" + f.Memory.Text() + " timeout=" + f.Timeout.Text() +
			" env=" + strings.Join(env, ",") + " triggers=[" + strings.Join(trig, "; ") + "] role=[" + strings.Join(acts, " ") + "]"
		if f.URL != nil {
			var origins []string
			for _, o := range f.URL.CORSOrigins {
				origins = append(origins, o.V)
			}
			line += " url=" + f.URL.AuthType.V + " cors=" + strings.Join(origins, ",")
		}
		out = append(out, line)
	}
	return out
}

func managed(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

func TestEquivalenceApps(t *testing.T) {
	tests := []struct {
		app  string
		want []string
	}{
		{"orders", []string{
			"api nodejs22.x src/api.handler mem=256 timeout=10 env=TABLE_NAME triggers=[api-rest GET /orders/{id} auth=NONE; api-rest POST /orders auth=NONE] role=[dynamodb:GetItem dynamodb:PutItem]",
			"worker nodejs22.x src/worker.handler mem=256 timeout=10 env= triggers=[sqs] role=[dynamodb:UpdateItem managed AWSLambdaSQSQueueExecutionRole]",
		}},
		{"thumbnails", []string{
			"thumb python3.12 thumb.handler mem=256 timeout=30 env= triggers=[function-url; s3] role=[s3:GetObject s3:PutObject] url=NONE cors=*",
		}},
		{"reports", []string{
			"daily python3.8 daily.handler mem=256 timeout=900 env=DB_PASSWORD triggers=[schedule rate(1 day)] role=[managed AmazonS3FullAccess]",
			"weekly python3.8 weekly.handler mem=256 timeout=900 env= triggers=[schedule rate(7 days)] role=[managed AmazonS3FullAccess]",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.app, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "equiv", tc.app)
			app, problems, err := LoadModule(dir, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("problem: %v", p)
			}
			if diff := cmp.Diff(tc.want, describe(app)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestConcurrentLoads loads modules on several goroutines at once, as
// discovery does; run with -race it finds shared state.
func TestConcurrentLoads(t *testing.T) {
	done := make(chan []string)
	for range 4 {
		go func() {
			dir := filepath.Join("..", "testdata", "equiv", "orders")
			app, _, err := LoadModule(dir, dir, Options{})
			if err != nil {
				done <- nil
				return
			}
			done <- describe(app)
		}()
	}
	first := <-done
	for range 3 {
		if diff := cmp.Diff(first, <-done); diff != "" || first == nil {
			t.Errorf("concurrent loads differ (-first +other):\n%s", diff)
		}
	}
}
