module b './b.bicep' = {
  name: 'b'
}
