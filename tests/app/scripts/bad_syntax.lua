lesson { id = "bad-syntax", title = "a syntax error on line 3" }
function main(p)
  local x = = 1
end
