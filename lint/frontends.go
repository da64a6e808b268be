package lint

import (
	"bytes"

	"github.com/milint/milint/parser"
)

// frontEnd is what the engine needs of a front end: one unit per entry.
// parser/arm, parser/bicep and parser/terraform Loaders satisfy it.
type frontEnd interface {
	Load(path string) (*parser.Unit, parser.Diagnostics)
}

// sourceLoader is a front end that can load an entry from the bytes the
// engine has already read to classify it (parser/arm's Loader), so the file
// is read once.
type sourceLoader interface {
	LoadSource(path string, data []byte) (*parser.Unit, parser.Diagnostics)
}

// jsonKind is what a .json file is.
type jsonKind int

const (
	jsonOther jsonKind = iota
	jsonTemplate
	jsonParameters
	jsonPlan
)

// frontEnds is the set of front ends a run uses. A nil front end means the
// format is not supported by this build.
type frontEnds struct {
	arm       frontEnd
	bicep     frontEnd
	terraform frontEnd
	plan      frontEnd // Terraform plan JSON (Loader.LoadPlan)
	classify  func(data []byte) jsonKind
}

// sniffJSON is a cheap classification used when no front end classifier is
// wired: it reads the $schema of ARM files and the shape of plan JSON.
func sniffJSON(data []byte) jsonKind {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch {
	case bytes.Contains(head, []byte("deploymentParameters.json")):
		return jsonParameters
	case bytes.Contains(head, []byte("eploymentTemplate.json")):
		return jsonTemplate
	case bytes.Contains(data, []byte(`"planned_values"`)) || bytes.Contains(head, []byte(`"terraform_version"`)) && bytes.Contains(data, []byte(`"resource_changes"`)):
		return jsonPlan
	}
	return jsonOther
}
