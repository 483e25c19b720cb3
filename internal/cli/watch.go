package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/logs"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/firehose"
	"github.com/slsguard/slsguard/internal/logs/lambdamode"
	"github.com/slsguard/slsguard/internal/logs/sink"
	"github.com/slsguard/slsguard/internal/logs/store"
	"github.com/slsguard/slsguard/internal/logs/watch"
)

type watchOptions struct {
	format        string
	state         string
	ciPrincipals  []string
	webhook       string
	webhookFormat string
	listen        string
	accessKeyEnv  string
	poll          time.Duration
	fromStart     bool
}

func newWatchCmd(e *env) *cobra.Command {
	var o watchOptions
	cmd := &cobra.Command{
		Use:   "watch [DIR|-]",
		Short: "Run the log detections continuously and raise alerts as they happen",
		Long: "Follows a directory (new files and lines appended to files) or - (stdin), and with --listen\n" +
			"receives Amazon Data Firehose HTTP endpoint deliveries; runs the CloudTrail and Lambda\n" +
			"detections on what arrives and prints each alert at once (and posts it to --webhook).\n" +
			"Hourly per-function counts go to --state so that anomaly baselines survive restarts.\n" +
			"Stops cleanly on SIGINT or SIGTERM.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runWatch(ctx, e, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "text", "output format: text or jsonl")
	f.StringVar(&o.state, "state", "", "SQLite file keeping the anomaly baselines across restarts (none: anomaly detection off)")
	f.StringArrayVar(&o.ciPrincipals, "ci-principal", nil, "ARN of a CI/CD principal allowed to deploy (repeatable)")
	addWebhookFlags(f, &o.webhook, &o.webhookFormat)
	f.StringVar(&o.listen, "listen", "", "also accept Firehose HTTP endpoint deliveries on this address (e.g. 127.0.0.1:8443, behind a TLS proxy)")
	f.StringVar(&o.accessKeyEnv, "access-key-env", "", "environment variable holding the Firehose access key (required with --listen)")
	f.DurationVar(&o.poll, "poll", time.Second, "directory scan interval")
	f.BoolVar(&o.fromStart, "from-start", false, "also read what the directory's files already hold")
	return cmd
}

// alertWriter prints alerts and posts them to the webhook, one batch at
// a time from any goroutine.
type alertWriter struct {
	mu     sync.Mutex
	e      *env
	format string
	hook   *sink.Webhook
}

func (w *alertWriter) emit(ctx context.Context, alerts []detect.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, a := range alerts {
		if w.format == "jsonl" {
			b, _ := json.Marshal(a)
			fmt.Fprintf(w.e.stdout, "%s\n", b)
			continue
		}
		fmt.Fprintf(w.e.stdout, "%s %-8s %s\n    %s\n", a.ID, a.Severity, a.Title, a.Message)
	}
	if w.hook == nil {
		return nil
	}
	return w.hook.Send(ctx, alerts)
}

func (w *alertWriter) problem(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintln(w.e.stderr, "slsguard:", err)
}

func runWatch(ctx context.Context, e *env, o watchOptions, args []string) error {
	if o.format != "text" && o.format != "jsonl" {
		return usagef("unknown --format %q (want text or jsonl)", o.format)
	}
	if len(args) == 0 && o.listen == "" {
		return usagef("nothing to watch: give a directory, - for stdin, or --listen")
	}
	hook, err := newWebhook(o.webhook, o.webhookFormat)
	if err != nil {
		return usagef("%v", err)
	}
	var st *store.Store
	if o.state != "" {
		if st, err = store.Open(o.state); err != nil {
			return err
		}
		defer st.Close()
	}
	proc := watch.NewProcessor(detect.Config{CIPrincipals: o.ciPrincipals}, st)
	w := &alertWriter{e: e, format: o.format, hook: hook}
	feed := func(record bool) watch.Feeder {
		return func(name string, data []byte) error {
			f := proc.Feed
			if record {
				f = proc.FeedRecord
			}
			alerts, err := f(name, data)
			if eerr := w.emit(ctx, alerts); eerr != nil {
				w.problem(eerr)
			}
			return err
		}
	}
	errc := make(chan error, 2)
	running := 0
	if o.listen != "" {
		key := os.Getenv(o.accessKeyEnv)
		if o.accessKeyEnv == "" || key == "" {
			return usagef("--listen needs --access-key-env naming a variable that holds the access key")
		}
		ln, err := net.Listen("tcp", o.listen)
		if err != nil {
			return usagef("--listen: %v", err)
		}
		srv := &http.Server{Handler: &firehose.Handler{Key: key, Feed: feed(true), Problem: w.problem},
			ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute}
		running++
		go func() { errc <- serve(ctx, srv, ln) }()
	}
	if len(args) == 1 {
		running++
		go func() {
			if args[0] == logs.StdinName {
				errc <- watch.TailReader(ctx, "<stdin>", e.stdin, feed(false), w.problem)
				return
			}
			errc <- watch.TailDir(ctx, args[0], watch.TailOptions{Poll: o.poll, FromStart: o.fromStart, Problem: w.problem}, feed(false))
		}()
	}
	for ; running > 0; running-- {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}

// serve runs srv until ctx is done, then shuts it down, letting the
// delivery in progress finish.
func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-ctx.Done()
	return nil
}

// newLambdaCmd runs the binary as a Lambda function; deploy/template.yaml
// starts it this way. Configuration comes from the environment, as Lambda
// gives it: SLSGUARD_WEBHOOK_URL, SLSGUARD_WEBHOOK_FORMAT,
// SLSGUARD_CI_PRINCIPALS (comma-separated).
func newLambdaCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    "lambda",
		Short:  "Run as an AWS Lambda function handling CloudWatch Logs subscription events",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if os.Getenv("AWS_LAMBDA_RUNTIME_API") == "" {
				return usagef("lambda: AWS_LAMBDA_RUNTIME_API is not set: this runs inside AWS Lambda")
			}
			hook, err := newWebhook(os.Getenv("SLSGUARD_WEBHOOK_URL"), os.Getenv("SLSGUARD_WEBHOOK_FORMAT"))
			if err != nil {
				return usagef("%v", err)
			}
			var ci []string
			for _, p := range strings.Split(os.Getenv("SLSGUARD_CI_PRINCIPALS"), ",") {
				if p = strings.TrimSpace(p); p != "" {
					ci = append(ci, p)
				}
			}
			w := &alertWriter{e: e, format: "jsonl", hook: hook}
			lambdamode.Start(&lambdamode.Handler{Proc: watch.NewProcessor(detect.Config{CIPrincipals: ci}, nil), Emit: w.emit})
			return nil
		},
	}
}
