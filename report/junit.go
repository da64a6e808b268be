package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/rules"
)

// JUnit writes JUnit XML (Azure DevOps PublishTestResults, GitLab, Jenkins):
// one testsuite per rule that ran, one testcase per rule × linted file. A
// testcase fails when the rule has findings in the file; the failure lists
// each as file:line:col. A testcase whose only findings are suppressed is
// skipped. Input errors form a testsuite "milint" with one erroring
// testcase per file.
type JUnit struct{}

func init() {
	Register("junit", func(Config) Formatter { return JUnit{} })
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Write implements Formatter.
func (JUnit) Write(w io.Writer, r *lint.Result, meta []rules.Metadata) error {
	if meta == nil {
		meta = r.Rules
	}
	// Files: every file of the linted units, plus any a finding lands in.
	fileSet := map[string]bool{}
	for _, u := range r.Units {
		for _, f := range u.Files {
			fileSet[filepath.Clean(f)] = true
		}
	}
	type key struct{ rule, file string }
	found := map[key][]lint.Finding{}
	suppressed := map[key][]lint.Finding{}
	ruleMeta := map[string]rules.Metadata{}
	var order []string
	for _, m := range meta {
		if _, ok := ruleMeta[m.ID]; !ok {
			order = append(order, m.ID)
		}
		ruleMeta[m.ID] = m
	}
	note := func(f lint.Finding) {
		if _, ok := ruleMeta[f.Rule]; !ok {
			ruleMeta[f.Rule] = rules.Metadata{ID: f.Rule, Slug: f.Slug, Title: f.Slug}
			order = append(order, f.Rule)
		}
		if f.Range.File != "" {
			fileSet[filepath.Clean(f.Range.File)] = true
		}
	}
	for _, f := range r.Findings {
		note(f)
		k := key{f.Rule, filepath.Clean(f.Range.File)}
		found[k] = append(found[k], f)
	}
	for _, f := range r.Suppressed {
		note(f)
		k := key{f.Rule, filepath.Clean(f.Range.File)}
		suppressed[k] = append(suppressed[k], f)
	}
	files := make([]string, 0, len(fileSet))
	for f := range fileSet {
		files = append(files, f)
	}
	sort.Strings(files)
	sort.Strings(order)

	out := junitSuites{Name: "milint"}
	for _, id := range order {
		m := ruleMeta[id]
		name := m.ID
		if m.Slug != "" {
			name += " " + m.Slug
		}
		s := junitSuite{Name: name}
		for _, file := range files {
			c := junitCase{Name: file, Classname: m.ID, File: file}
			k := key{m.ID, file}
			if fs := found[k]; len(fs) > 0 {
				var b strings.Builder
				for _, f := range fs {
					fmt.Fprintf(&b, "%s: %s %s %s\n", pos(f.Range), f.Severity.String(), f.Rule, f.Message)
				}
				msg := fs[0].Message
				if len(fs) > 1 {
					msg = fmt.Sprintf("%s (and %d more)", msg, len(fs)-1)
				}
				c.Failure = &junitProblem{Message: pos(fs[0].Range) + ": " + msg, Type: worst(fs).String(), Text: b.String()}
				s.Failures++
			} else if ss := suppressed[k]; len(ss) > 0 {
				c.Skipped = &junitProblem{Message: fmt.Sprintf("%d suppressed: %s", len(ss), ss[0].SuppressReason)}
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		out.Suites = append(out.Suites, s)
	}
	if len(r.Errors) > 0 {
		s := junitSuite{Name: "milint"}
		byFile := map[string][]string{}
		var efiles []string
		for _, d := range r.Errors {
			f := d.Subject.File
			if _, ok := byFile[f]; !ok {
				efiles = append(efiles, f)
			}
			byFile[f] = append(byFile[f], d.Error())
		}
		sort.Strings(efiles)
		for _, f := range efiles {
			msgs := byFile[f]
			name := f
			if name == "" {
				name = "input"
			}
			s.Cases = append(s.Cases, junitCase{Name: name, Classname: "milint.input", File: f,
				Error: &junitProblem{Message: msgs[0], Type: "input error", Text: strings.Join(msgs, "\n") + "\n"}})
			s.Tests++
			s.Errors++
		}
		out.Suites = append(out.Suites, s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func worst(fs []lint.Finding) lint.Severity {
	var s lint.Severity
	for _, f := range fs {
		if f.Severity > s {
			s = f.Severity
		}
	}
	return s
}
