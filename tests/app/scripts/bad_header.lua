lesson {
  id = "bad-header", title = "an empty range on line 5",
  params = {
    param { key = "ok", kind = "int", min = 1, max = 2, default = 1 },
    param { key = "n", kind = "int", min = 10, max = 5, default = 7 },
  },
}
function main(p) end
