package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"
	"go.yaml.in/yaml/v3"

	"github.com/milint/milint/rules"
)

// ConfigFileName is the name of milint's configuration file, found by
// walking up from the working directory.
const ConfigFileName = ".milint.yaml"

// Config is a .milint.yaml file:
//
//	fail-on: warning            # error | warning | note | never
//	rules:
//	  MI202: {enabled: false}   # turn a rule off
//	  MI303: {severity: warning} # change a rule's severity
//	exclude:                    # gitignore-style, relative to this file
//	  - testdata/
//	  - "**/*.generated.json"
//	param-files:                # template: parameter file(s)
//	  infra/main.json: infra/main.prod.parameters.json
//	var-files:                  # Terraform module dir: .tfvars file(s)
//	  infra/tf: [infra/tf/prod.tfvars]
//	policy:                     # extra Rego rule directories
//	  - policies/
//
// Paths are relative to the directory of the file. Command-line flags win
// over the file: a flag that is given replaces the file's setting.
type Config struct {
	File string // the file read
	Dir  string // its directory

	FailOn     string
	Rules      map[string]RuleConfig
	Exclude    []string
	ParamFiles map[string][]string
	VarFiles   map[string][]string
	Policy     []string

	lines map[string]int // rule id → line, for errors
}

// RuleConfig is one entry of rules:.
type RuleConfig struct {
	Enabled  *bool
	Severity string
	Line     int
}

// ConfigError is a problem in a config file, with its position.
type ConfigError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// FindConfig looks for .milint.yaml in dir and its parents, stopping at the
// repository root (a directory holding .git). It returns "" when there is
// none.
func FindConfig(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; {
		p := filepath.Join(d, ConfigFileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// LoadConfig reads and checks a config file. Unknown keys and values of the
// wrong shape are errors naming their line.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig parses config text; path names it in errors and anchors
// relative paths.
func ParseConfig(path string, data []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{File: path, Dir: filepath.Dir(abs), Rules: map[string]RuleConfig{}, lines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, &ConfigError{File: path, Msg: te.Error()}
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var line int
		if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
			_, rest, _ := strings.Cut(msg, ":")
			return nil, &ConfigError{File: path, Line: line, Column: 1, Msg: strings.TrimSpace(rest)}
		}
		return nil, &ConfigError{File: path, Msg: msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, c.errAt(root, "the config must be a mapping of settings")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "fail-on":
			s, err := c.scalar(v, k.Value)
			if err != nil {
				return nil, err
			}
			if _, ok := ParseFailOn(s); !ok {
				return nil, c.errAt(v, fmt.Sprintf("fail-on: %q is not one of error, warning, note, never", s))
			}
			c.FailOn = s
		case "rules":
			if err := c.parseRules(v); err != nil {
				return nil, err
			}
		case "exclude":
			l, err := c.list(v, k.Value)
			if err != nil {
				return nil, err
			}
			c.Exclude = l
		case "policy":
			l, err := c.list(v, k.Value)
			if err != nil {
				return nil, err
			}
			c.Policy = l
		case "param-files", "var-files":
			m, err := c.bindings(v, k.Value)
			if err != nil {
				return nil, err
			}
			if k.Value == "param-files" {
				c.ParamFiles = m
			} else {
				c.VarFiles = m
			}
		default:
			return nil, c.errAt(k, fmt.Sprintf("unknown key %q (known: fail-on, rules, exclude, param-files, var-files, policy)", k.Value))
		}
	}
	return c, nil
}

func (c *Config) errAt(n *yaml.Node, msg string) error {
	return &ConfigError{File: c.File, Line: n.Line, Column: n.Column, Msg: msg}
}

func (c *Config) scalar(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", c.errAt(n, key+": want a single value")
	}
	return n.Value, nil
}

// list accepts a sequence of strings or a single string.
func (c *Config) list(n *yaml.Node, key string) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, c.errAt(it, key+": want a list of strings")
			}
			out = append(out, it.Value)
		}
		return out, nil
	}
	return nil, c.errAt(n, key+": want a list of strings")
}

func (c *Config) bindings(n *yaml.Node, key string) (map[string][]string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, c.errAt(n, key+": want a mapping of template (or module directory) to file or list of files")
	}
	out := map[string][]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		l, err := c.list(v, key+"."+k.Value)
		if err != nil {
			return nil, err
		}
		out[k.Value] = append(out[k.Value], l...)
	}
	return out, nil
}

func (c *Config) parseRules(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return c.errAt(n, "rules: want a mapping of rule id to {enabled, severity}")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := strings.ToUpper(strings.TrimSpace(k.Value))
		if !isRuleID(id) {
			return c.errAt(k, fmt.Sprintf("rules: %q is not a rule id (like MI201)", k.Value))
		}
		rc := RuleConfig{Line: k.Line}
		if v.Kind != yaml.MappingNode {
			return c.errAt(v, fmt.Sprintf("rules.%s: want a mapping like {enabled: false} or {severity: note}", id))
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			rk, rv := v.Content[j], v.Content[j+1]
			switch rk.Value {
			case "enabled":
				var b bool
				if rv.Kind != yaml.ScalarNode || rv.Decode(&b) != nil {
					return c.errAt(rv, fmt.Sprintf("rules.%s.enabled: want true or false", id))
				}
				rc.Enabled = &b
			case "severity":
				if _, ok := ParseSeverity(rv.Value); !ok || rv.Kind != yaml.ScalarNode {
					return c.errAt(rv, fmt.Sprintf("rules.%s.severity: %q is not one of error, warning, note", id, rv.Value))
				}
				rc.Severity = rv.Value
			default:
				return c.errAt(rk, fmt.Sprintf("rules.%s: unknown key %q (known: enabled, severity)", id, rk.Value))
			}
		}
		c.Rules[id] = rc
		c.lines[id] = k.Line
	}
	return nil
}

// CheckRules reports a rule id of the config that is not among known.
func (c *Config) CheckRules(known []rules.Metadata) error {
	have := map[string]bool{SuppressionRule.ID: true}
	for _, m := range known {
		have[strings.ToUpper(m.ID)] = true
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !have[id] {
			return &ConfigError{File: c.File, Line: c.lines[id], Column: 3, Msg: fmt.Sprintf("rules: unknown rule %q (see `milint rules`)", id)}
		}
	}
	return nil
}

// path resolves p relative to the config's directory and returns it
// relative to the working directory when that is shorter to read.
func (c *Config) path(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(c.Dir, p)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return p
}

// Apply merges the config into opts. changed reports whether a command-line
// flag was given (flags win); it may be nil.
func (c *Config) Apply(opts *Options, changed func(flag string) bool) error {
	if c == nil {
		return nil
	}
	if changed == nil {
		changed = func(string) bool { return false }
	}
	if c.FailOn != "" && !changed("fail-on") {
		opts.FailOn, _ = ParseFailOn(c.FailOn)
	}
	enabledByFlag := map[string]bool{}
	for _, id := range opts.Enable {
		enabledByFlag[strings.ToUpper(strings.TrimSpace(id))] = true
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rc := c.Rules[id]
		if rc.Enabled != nil && !*rc.Enabled && !enabledByFlag[id] && id != SuppressionRule.ID {
			opts.Disable = append(opts.Disable, id)
		}
		if rc.Severity != "" {
			if opts.Severity == nil {
				opts.Severity = map[string]Severity{}
			}
			if _, set := opts.Severity[id]; !set {
				opts.Severity[id], _ = ParseSeverity(rc.Severity)
			}
		}
	}
	if len(c.Policy) > 0 && !changed("policy") {
		for _, p := range c.Policy {
			opts.PolicyDirs = append(opts.PolicyDirs, c.path(p))
		}
	}
	if len(c.ParamFiles) > 0 && !changed("param-file") {
		opts.ParamFiles = append(opts.ParamFiles, c.flatten(c.ParamFiles)...)
	}
	if len(c.VarFiles) > 0 && !changed("var-file") {
		opts.VarFiles = append(opts.VarFiles, c.flatten(c.VarFiles)...)
	}
	if len(c.Exclude) > 0 {
		ex := c.Excluder()
		prev := opts.Exclude
		opts.Exclude = func(path string, dir bool) bool {
			return ex(path, dir) || (prev != nil && prev(path, dir))
		}
	}
	return nil
}

func (c *Config) flatten(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		for _, f := range m[k] {
			out = append(out, c.path(f))
		}
	}
	return out
}

// Excluder returns the exclude matcher of the config: gitignore-style
// patterns matched against paths relative to the config's directory.
func (c *Config) Excluder() func(path string, dir bool) bool {
	gi := ignore.CompileIgnoreLines(c.Exclude...)
	return func(path string, dir bool) bool {
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(c.Dir, abs)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false
		}
		rel = filepath.ToSlash(rel)
		if dir {
			rel += "/"
		}
		return gi.MatchesPath(rel)
	}
}
