#pragma once
// What a file a resident sent is, decided from its bytes: a stranger's file may say it is a photo and be
// a web page, so only the bytes count when a browser is to show it.

#include <string>
#include <string_view>

namespace buurtbot {

/// "image/png", "image/jpeg", "image/gif" or "image/webp" when the bytes start as one; "" otherwise.
/// These four a browser shows as a picture and never runs (SVG, which can carry scripts, is not one).
std::string_view image_type_of(std::string_view bytes);

/// True for the four types image_type_of gives.
bool is_picture_type(std::string_view content_type);

/// The content type to keep a file under: its image type when the bytes are one of those pictures, else
/// what the channel declared ("application/pdf") as long as it is a plain "type/subtype" that claims no
/// picture, else "application/octet-stream".
std::string file_type_of(std::string_view bytes, std::string_view declared);

}  // namespace buurtbot
