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
	"github.com/slsguard/slsguard/internal/logs/sigma"
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
	sigmaDir      string
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
	f.StringVar(&o.sigmaDir, "sigma", "", "also run the Sigma rules for CloudTrail found in this directory")
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
		writeAlertText(w.e.stdout, a)
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
	proc, closeState, err := newProcessor(e, o)
	if err != nil {
		return err
	}
	defer closeState()
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
	// errc gets the end of the tasks that stop with ctx; stdinc that of
	// the stdin reader, which a cancelled context cannot interrupt.
	errc, stdinc := make(chan error, 2), make(chan error, 1)
	running := 0
	if o.listen != "" {
		srv, ln, err := newListener(o, feed(true), w.problem)
		if err != nil {
			return err
		}
		running++
		go func() { errc <- serve(ctx, srv, ln) }()
	}
	switch {
	case len(args) == 1 && args[0] == logs.StdinName:
		go func() { stdinc <- watch.TailReader(ctx, "<stdin>", e.stdin, feed(false), w.problem) }()
	case len(args) == 1:
		running++
		go func() {
			errc <- watch.TailDir(ctx, args[0], watch.TailOptions{Poll: o.poll, FromStart: o.fromStart, Problem: w.problem}, feed(false))
		}()
	}
	return waitWatch(ctx, errc, stdinc, running, len(args) == 1 && args[0] == logs.StdinName)
}

// newProcessor opens the state and loads the Sigma rules; closeState
// closes the state.
func newProcessor(e *env, o watchOptions) (proc *watch.Processor, closeState func(), err error) {
	var st *store.Store
	closeState = func() {}
	if o.state != "" {
		if st, err = store.Open(o.state); err != nil {
			return nil, nil, err
		}
		closeState = func() { st.Close() }
	}
	proc = watch.NewProcessor(detect.Config{CIPrincipals: o.ciPrincipals}, st)
	if o.sigmaDir != "" {
		rules, problems, err := sigma.LoadDir(o.sigmaDir)
		if err != nil {
			closeState()
			return nil, nil, usagef("--sigma: %v", err)
		}
		fmt.Fprintf(e.stderr, "slsguard: %d sigma rules loaded, %d not loaded\n", len(rules), len(problems))
		proc.SetSigma(rules)
	}
	return proc, closeState, nil
}

// waitWatch returns when every task has ended, or when ctx is done and the
// tasks that stop with it have: the delivery or chunk in progress finishes
// before the state is closed.
func waitWatch(ctx context.Context, errc, stdinc <-chan error, running int, stdin bool) error {
	for running > 0 || stdin {
		select {
		case err := <-errc:
			running--
			if err != nil {
				return err
			}
		case err := <-stdinc:
			stdin = false
			if err != nil {
				return err
			}
		case <-ctx.Done():
			for ; running > 0; running-- {
				if err := <-errc; err != nil {
					return err
				}
			}
			return nil
		}
	}
	return nil
}

// newListener prepares the Firehose endpoint.
func newListener(o watchOptions, feed watch.Feeder, problem func(error)) (*http.Server, net.Listener, error) {
	key := os.Getenv(o.accessKeyEnv)
	if o.accessKeyEnv == "" || key == "" {
		return nil, nil, usagef("--listen needs --access-key-env naming a variable that holds the access key")
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return nil, nil, usagef("--listen: %v", err)
	}
	// Firehose gives an endpoint 3 minutes to answer.
	srv := &http.Server{Handler: &firehose.Handler{Key: key, Feed: feed, Problem: problem},
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 3 * time.Minute}
	return srv, ln, nil
}

// serve runs srv until ctx is done, then shuts it down, waiting for the
// deliveries in progress (at most 10 s).
func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("firehose endpoint: %w", err)
	}
	return nil
}

// newLambdaCmd runs the binary as a Lambda function; deploy/template.yaml
// starts it this way. Configuration comes from the environment, as Lambda
// gives it: SLSGUARD_WEBHOOK_URL, SLSGUARD_WEBHOOK_FORMAT,
// SLSGUARD_CI_PRINCIPALS (comma-separated).
func newLambdaCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "lambda",
		Short: "Run as an AWS Lambda function handling CloudWatch Logs subscription events",
		Args:  cobra.NoArgs,
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

// LambdaArgs returns the arguments to run with: inside AWS Lambda
// (AWS_LAMBDA_RUNTIME_API set) a binary started without arguments is the
// function's bootstrap and runs the lambda command.
func LambdaArgs(args []string, getenv func(string) string) []string {
	if len(args) == 0 && getenv("AWS_LAMBDA_RUNTIME_API") != "" {
		return []string{"lambda"}
	}
	return args
}
