package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/milint/milint/docs"
	"github.com/milint/milint/lint"
	"github.com/milint/milint/report"
	"github.com/milint/milint/rules"
)

// version is set by the release build: -ldflags "-X main.version=v1.2.3".
var version = ""

const usage = `milint lints Azure IaC (Bicep, ARM JSON, Terraform) for identity and secret-access mistakes.

Usage:
  milint [lint] [flags] [PATH...]     lint files and directories (default: .)
  milint parse [--format json] PATH   print the common model
  milint rules [--format json]        list bundled rules
  milint explain RULE                 rationale, bad and good examples, the fix
  milint version

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 milint could not do its job (bad flags or config, unparsable input,
a missing module).

Lint flags:
`

// exit codes
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// run is the whole command line; main only exits with its result.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := "lint"
	if len(args) > 0 {
		switch args[0] {
		case "lint", "parse", "rules", "explain", "version", "help":
			cmd, args = args[0], args[1:]
		}
	}
	switch cmd {
	case "parse":
		return runParse(args, stdout, stderr)
	case "rules":
		return runRules(args, stdout, stderr)
	case "explain":
		return runExplain(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "milint", versionString())
		return exitOK
	case "help":
		fs, _ := lintFlags(stderr)
		fmt.Fprint(stdout, usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return exitOK
	}
	return runLint(args, stdout, stderr)
}

// lintFlagValues are the lint command's flags.
type lintFlagValues struct {
	formats        []string
	output         string
	failOn         string
	enable         []string
	disable        []string
	config         string
	policy         []string
	paramFiles     []string
	varFiles       []string
	baseline       string
	writeBaseline  string
	jobs           int
	noColor        bool
	quiet          bool
	showSuppressed bool
}

func lintFlags(stderr io.Writer) (*pflag.FlagSet, *lintFlagValues) {
	v := &lintFlagValues{}
	fs := pflag.NewFlagSet("milint lint", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringArrayVarP(&v.formats, "format", "f", []string{"text"}, "output format: text|json|sarif|junit|github (repeat, or name=FILE, for several)")
	fs.StringVarP(&v.output, "output", "o", "", "write the output to `FILE` instead of stdout")
	fs.StringVar(&v.failOn, "fail-on", "warning", "exit 1 on findings at or above: error|warning|note|never")
	fs.StringSliceVar(&v.enable, "enable", nil, "run only the rules `RULE,...`")
	fs.StringSliceVar(&v.disable, "disable", nil, "do not run the rules `RULE,...`")
	fs.StringVarP(&v.config, "config", "c", "", "config `FILE` (default: .milint.yaml found upward)")
	fs.StringSliceVar(&v.policy, "policy", nil, "extra Rego rules from `DIR`")
	fs.StringSliceVar(&v.paramFiles, "param-file", nil, "ARM/Bicep parameter `FILE` to bind to its template")
	fs.StringSliceVar(&v.varFiles, "var-file", nil, "Terraform .tfvars `FILE`")
	fs.StringVar(&v.baseline, "baseline", "", "report only findings not in the baseline `FILE`")
	fs.StringVar(&v.writeBaseline, "write-baseline", "", "record the current findings in `FILE`")
	fs.IntVarP(&v.jobs, "jobs", "j", 0, "parallel workers (default GOMAXPROCS)")
	fs.BoolVar(&v.noColor, "no-color", false, "never colour the text output")
	fs.BoolVarP(&v.quiet, "quiet", "q", false, "no summary line and no notes")
	fs.BoolVar(&v.showSuppressed, "show-suppressed", false, "also list suppressed and baselined findings (text, json)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs, v
}

// output is one format to write and where.
type output struct {
	name string
	file string // "" = stdout
}

func parseOutputs(formats []string, outFile string) ([]output, error) {
	var outs []output
	for _, f := range formats {
		for _, part := range strings.Split(f, ",") {
			name, file, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name == "" {
				continue
			}
			if _, err := report.Lookup(name, report.Config{}); err != nil {
				return nil, err
			}
			outs = append(outs, output{name: name, file: file})
		}
	}
	if len(outs) == 0 {
		outs = []output{{name: "text"}}
	}
	if outFile != "" {
		for i := range outs {
			if outs[i].file == "" {
				outs[i].file = outFile
				break
			}
		}
	}
	return outs, nil
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs, v := lintFlags(stderr)
	if err := fs.Parse(args); err != nil {
		return flagError(err, stderr)
	}
	failOn, ok := lint.ParseFailOn(v.failOn)
	if !ok {
		return fail(stderr, fmt.Errorf("--fail-on: %q is not one of error, warning, note, never", v.failOn))
	}
	if v.jobs < 0 {
		return fail(stderr, fmt.Errorf("--jobs: must be positive"))
	}
	outs, err := parseOutputs(v.formats, v.output)
	if err != nil {
		return fail(stderr, fmt.Errorf("--format: %w", err))
	}
	opts := lint.Options{
		Paths:      fs.Args(),
		ParamFiles: v.paramFiles,
		VarFiles:   v.varFiles,
		Jobs:       v.jobs,
		Enable:     v.enable,
		Disable:    v.disable,
		FailOn:     failOn,
		PolicyDirs: v.policy,
	}
	pipe := newPipeline()
	if err := pipe.applyConfig(v.config, &opts, fs.Changed); err != nil {
		return fail(stderr, err)
	}
	if err := pipe.applyBaseline(v.baseline, &opts); err != nil {
		return fail(stderr, err)
	}
	stopProgress := startProgress(&opts, stderr)
	res, err := lint.Run(context.Background(), opts)
	stopProgress()
	if err != nil {
		return fail(stderr, err)
	}
	if err := pipe.finish(v.writeBaseline, res, &opts, stderr); err != nil {
		return fail(stderr, err)
	}

	textOnStdout := false
	for _, o := range outs {
		if o.name == "text" && o.file == "" {
			textOnStdout = true
		}
	}
	if !textOnStdout {
		for _, d := range res.Errors {
			fmt.Fprintf(stderr, "%s: error: %s\n", diagPos(d.Subject.File, d.Subject.Start.Line, d.Subject.Start.Column), d.Message())
		}
	}
	if !v.quiet {
		for _, d := range res.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", diagPos(d.Subject.File, d.Subject.Start.Line, d.Subject.Start.Column), d.Message())
		}
	}
	for _, o := range outs {
		if err := writeOutput(o, res, v, pipe.root, stdout); err != nil {
			return fail(stderr, err)
		}
	}
	return res.ExitCode(opts.FailOn)
}

func diagPos(file string, line, col int) string {
	if line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, line, max(col, 1))
}

func writeOutput(o output, res *lint.Result, v *lintFlagValues, root string, stdout io.Writer) error {
	cfg := report.Config{Quiet: v.quiet, Color: o.file == "" && useColor(stdout, v.noColor), Root: root, ShowSuppressed: v.showSuppressed}
	f, err := report.Lookup(o.name, cfg)
	if err != nil {
		return err
	}
	if o.file == "" {
		return f.Write(stdout, res, res.Rules)
	}
	file, err := os.Create(o.file)
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	if err := f.Write(file, res, res.Rules); err != nil {
		_ = file.Close()
		return err
	}
	return file.Close()
}

// useColor: only on a terminal, never with NO_COLOR or --no-color.
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// flagError reports a flag parse error (exit 2), or help (exit 0).
func flagError(err error, stderr io.Writer) int {
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "milint: %v (see milint help)\n", err)
	return exitError
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "milint:", err)
	return exitError
}

// --- parse -------------------------------------------------------------------

func runParse(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("milint parse", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.StringP("format", "f", "json", "output format: json")
	out := fs.StringP("output", "o", "", "write the output to `FILE`")
	paramFiles := fs.StringSlice("param-file", nil, "ARM/Bicep parameter `FILE`")
	varFiles := fs.StringSlice("var-file", nil, "Terraform .tfvars `FILE`")
	jobs := fs.IntP("jobs", "j", 0, "parallel workers (default GOMAXPROCS)")
	if err := fs.Parse(args); err != nil {
		return flagError(err, stderr)
	}
	if *format != "json" {
		return fail(stderr, fmt.Errorf("parse --format: %q is not supported (json)", *format))
	}
	l := lint.Load(context.Background(), lint.Options{Paths: fs.Args(), ParamFiles: *paramFiles, VarFiles: *varFiles, Jobs: *jobs})
	units := make([]any, len(l.Units))
	for i, u := range l.Units {
		units[i] = u.Document()
	}
	doc := struct {
		Units  []any                   `json:"units"`
		Errors []report.JSONDiagnostic `json:"errors"`
		Notes  []report.JSONDiagnostic `json:"notes"`
	}{units, report.Diagnostics(l.Errors), report.Diagnostics(l.Notes)}
	w := stdout
	var file *os.File
	if *out != "" {
		var err error
		if file, err = os.Create(*out); err != nil {
			return fail(stderr, fmt.Errorf("--output: %w", err))
		}
		w = file
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(doc)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fail(stderr, err)
	}
	for _, d := range l.Errors {
		fmt.Fprintf(stderr, "%s: error: %s\n", diagPos(d.Subject.File, d.Subject.Start.Line, d.Subject.Start.Column), d.Message())
	}
	if len(l.Errors) > 0 {
		return exitError
	}
	return exitOK
}

// --- rules, explain, version ---------------------------------------------

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("milint rules", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.StringP("format", "f", "text", "output format: text|json")
	if err := fs.Parse(args); err != nil {
		return flagError(err, stderr)
	}
	cat, err := rules.CatalogErr()
	if err != nil {
		return fail(stderr, err)
	}
	// The engine's own pseudo-rule (a malformed suppression) is listed too.
	cat = append([]rules.Metadata{lint.SuppressionRule}, cat...)
	switch *format {
	case "json":
		if cat == nil {
			cat = []rules.Metadata{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cat); err != nil {
			return fail(stderr, err)
		}
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, m := range cat {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ID, m.Severity, m.Slug, m.Title)
		}
		if err := tw.Flush(); err != nil {
			return fail(stderr, err)
		}
	default:
		return fail(stderr, fmt.Errorf("rules --format: %q is not one of text, json", *format))
	}
	return exitOK
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: milint explain RULE   (see `milint rules`)")
		return exitError
	}
	id := args[0]
	md, known := rules.ByID(id)
	if strings.EqualFold(id, lint.SuppressionRule.ID) {
		md, known = lint.SuppressionRule, true
	}
	if !known {
		return fail(stderr, fmt.Errorf("unknown rule %q (see `milint rules`)", id))
	}
	if page, ok := docs.RulePage(md.ID); ok {
		_, _ = stdout.Write(page)
		return exitOK
	}
	// No page yet: the rule's own metadata.
	fmt.Fprintf(stdout, "# %s %s (%s)\n\n%s\n\n%s\n", md.ID, md.Slug, md.Severity, md.Title, md.Description)
	if md.Remediation != "" {
		fmt.Fprintf(stdout, "\n## Fix\n\n%s\n", md.Remediation)
	}
	if md.DocsURL != "" {
		fmt.Fprintf(stdout, "\nMore: %s\n", md.DocsURL)
	}
	return exitOK
}

func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	if ok {
		var rev, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			v += " (" + rev + dirty + ")"
		}
	}
	return v + " " + runtime.Version()
}
