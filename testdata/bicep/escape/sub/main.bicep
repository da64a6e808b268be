module evil '../../../etc/x.bicep' = {
  name: 'evil'
}
module fine '../ok.bicep' = {
  name: 'fine'
}
