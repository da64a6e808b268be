using none

param vaultName = 'kv-base'
param enableRbac = true
