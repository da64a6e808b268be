# METADATA
# title: Placeholder note rule
# description: Fires on resources whose properties.meh is true.
# custom:
#   id: MI902
#   slug: test-note
#   severity: note
#   remediation: Nothing.
package milint.rules.mi902

deny contains f if {
	some r in input.resources
	r.properties.meh == true
	f := {"msg": sprintf("%s is meh", [r.id]), "resource": r.id, "path": "properties.meh"}
}
