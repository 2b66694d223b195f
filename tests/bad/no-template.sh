# no-template
"$GW" render
