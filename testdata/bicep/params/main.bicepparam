using './main.bicep'

extends './base.bicepparam'

var env = 'prod'
param vaultName = 'kv-${env}'
param enableRbac = false
param permissions = [
  'all'
  'purge'
]
