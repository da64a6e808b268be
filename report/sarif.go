package report

import (
	"io"
	"os"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// Version is milint's version as reported in SARIF (set by the command).
var Version = "dev"

// InformationURI is milint's home page, the driver's informationUri.
const InformationURI = "https://github.com/milint/milint"

// FingerprintKey is the partialFingerprints key of SARIF results. Its value
// is the rule, the repository-relative file, the resource and the property
// path hashed: it survives lines moving.
const FingerprintKey = "milint/v1"

// SrcRoot is the uriBaseId of artifact locations: uris are relative to the
// repository root.
const SrcRoot = "%SRCROOT%"

// SARIF writes a SARIF 2.1.0 log (GitHub code scanning, Azure DevOps SARIF
// viewer). Rules come from the rule METADATA; uris are relative to Root
// (the repository root). Suppressed and baselined findings are included
// with a SARIF suppression (kind inSource or external), which is how
// SARIF consumers expect to see them.
type SARIF struct {
	Root string
}

func init() {
	Register("sarif", func(c Config) Formatter { return &SARIF{Root: c.Root} })
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.SevError:
		return sarif.LevelError
	case lint.SevWarning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

func levelOf(s string) string {
	switch s {
	case "error":
		return sarif.LevelError
	case "warning":
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// securitySeverity is GitHub's security-severity score for a level.
func securitySeverity(s string) string {
	switch s {
	case "error":
		return "8.0"
	case "warning":
		return "5.0"
	}
	return "2.0"
}

func (s *SARIF) root() string {
	if s.Root != "" {
		return s.Root
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return lint.FindRoot(wd)
}

// Report builds the SARIF log of a result.
func (s *SARIF) Report(r *lint.Result, meta []rules.Metadata) *sarif.Report {
	if meta == nil {
		meta = r.Rules
	}
	root := s.root()
	run := sarif.NewRunWithInformationURI("milint", InformationURI)
	run.Tool.Driver.WithVersion(Version).WithSemanticVersion(semver(Version))
	run.WithColumnKind("unicodeCodePoints")

	index := map[string]int{}
	addRule := func(m rules.Metadata) {
		if _, ok := index[m.ID]; ok {
			return
		}
		d := sarif.NewRule(m.ID).WithName(m.Slug)
		if m.Title != "" {
			d.WithShortDescription(sarif.NewMultiformatMessageString().WithText(m.Title))
		}
		if m.Description != "" {
			d.WithFullDescription(sarif.NewMultiformatMessageString().WithText(m.Description))
		}
		if m.DocsURL != "" {
			d.WithHelpURI(m.DocsURL)
		}
		if help := helpText(m); help != "" {
			d.WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help))
		}
		d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(levelOf(m.Severity)))
		d.WithProperties(sarif.NewPropertyBag().
			Add("security-severity", securitySeverity(m.Severity)).
			WithTags([]string{"security", "azure", "iac", m.Slug}))
		index[m.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, d)
	}
	for _, m := range meta {
		addRule(m)
	}
	// Findings of rules that are not in meta (MI000) still get a rule.
	for _, list := range [][]lint.Finding{r.Findings, r.Suppressed} {
		for _, f := range list {
			if _, ok := index[f.Rule]; !ok {
				if f.Rule == lint.SuppressionRule.ID {
					addRule(lint.SuppressionRule)
				} else {
					addRule(rules.Metadata{ID: f.Rule, Slug: f.Slug, Severity: f.Severity.String()})
				}
			}
		}
	}

	add := func(f lint.Finding) {
		res := sarif.NewRuleResult(f.Rule).
			WithRuleIndex(index[f.Rule]).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message))
		rel := lint.RelPath(root, f.Range.File)
		if rel != "" {
			res.AddLocation(sarifLocation(rel, f.Range))
		}
		res.WithPartialFingerprints(map[string]string{FingerprintKey: lint.BaselineKey(f.Rule, rel, f.Resource, f.Path)})
		if f.Resource != "" || f.Path != "" {
			pb := sarif.NewPropertyBag()
			if f.Resource != "" {
				pb.Add("resource", f.Resource)
			}
			if f.Path != "" {
				pb.Add("path", f.Path)
			}
			res.WithProperties(pb)
		}
		if f.Suppressed {
			kind := "inSource"
			if f.SuppressReason == "baseline" {
				kind = "external"
			}
			res.WithSuppressions([]*sarif.Suppression{sarif.NewSuppression().WithKind(kind).WithStatus("accepted").WithJustification(f.SuppressReason)})
		}
		run.AddResult(res)
	}
	all := append(append([]lint.Finding(nil), r.Findings...), r.Suppressed...)
	lint.SortFindings(all)
	for _, f := range all {
		add(f)
	}

	inv := sarif.NewInvocation().WithExecutionSuccessful(!r.Errors.HasErrors())
	for _, ds := range []parser.Diagnostics{r.Errors, r.Notes} {
		for _, d := range ds {
			n := sarif.NewNotification().WithMessage(sarif.NewTextMessage(d.Message()))
			if d.Severity == parser.SevError {
				n.WithLevel(sarif.LevelError)
			} else {
				n.WithLevel(sarif.LevelNote)
			}
			if rel := lint.RelPath(root, d.Subject.File); rel != "" {
				n.WithLocations([]*sarif.Location{sarifLocation(rel, d.Subject)})
			}
			inv.AddToolExecutionNotification(n)
		}
	}
	run.AddInvocation(inv)

	rep := sarif.NewReport()
	rep.AddRun(run)
	return rep
}

// Write implements Formatter.
func (s *SARIF) Write(w io.Writer, r *lint.Result, meta []rules.Metadata) error {
	if err := s.Report(r, meta).PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func sarifLocation(uri string, rg parser.Range) *sarif.Location {
	al := sarif.NewArtifactLocation().WithURI(uri).WithURIBaseID(SrcRoot)
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(al)
	if rg.Start.Line > 0 {
		sl, sc := rg.Start.Line, max(rg.Start.Column, 1)
		el, ec := rg.End.Line, rg.End.Column
		if el < sl {
			el, ec = sl, sc
		}
		if ec < 1 || (el == sl && ec < sc) {
			ec = sc
		}
		pl.WithRegion(sarif.NewRegion().WithStartLine(sl).WithStartColumn(sc).WithEndLine(el).WithEndColumn(ec))
	}
	return sarif.NewLocation().WithPhysicalLocation(pl)
}

func helpText(m rules.Metadata) string {
	var parts []string
	if m.Remediation != "" {
		parts = append(parts, m.Remediation)
	}
	if m.DocsURL != "" {
		parts = append(parts, "See "+m.DocsURL)
	}
	return strings.Join(parts, "\n\n")
}

// semver returns v when it looks like a semantic version, else 0.0.0.
func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + sanitizeSemverPre(v)
	}
	return v
}

func sanitizeSemverPre(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "dev"
	}
	return b.String()
}

// withSuppressed returns the findings and the suppressed findings of r in
// report order (--show-suppressed).
func withSuppressed(r *lint.Result) []lint.Finding {
	all := make([]lint.Finding, 0, len(r.Findings)+len(r.Suppressed))
	all = append(append(all, r.Findings...), r.Suppressed...)
	lint.SortFindings(all)
	return all
}

// suppressedWhy is the text form of why a finding is suppressed.
func suppressedWhy(f lint.Finding) string {
	if f.SuppressReason == "baseline" {
		return "in the baseline"
	}
	return "suppressed: " + f.SuppressReason
}
